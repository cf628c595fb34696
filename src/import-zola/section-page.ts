import type { ZolaPage, ZolaSection } from './read-content.ts';
import { zolaPageSchema } from './zola-front-matter.ts';
import { sectionUrl } from './zola-urls.ts';

/** Text of a body once its comments are gone: what a reader of the section page sees. */
export function visibleText(body: string): string {
  return body.replace(/<!--[\s\S]*?-->/g, '').trim();
}

/**
 * A section whose `_index.md` has text Zola shows (rendered, no `redirect_to`, not the site's
 * index, which is galley's list of entries) becomes a page at the section's URL, as a page file
 * would: its title, description, draft flag and `[extra]`, its URL as the page's `path`.
 */
export function sectionPage(section: ZolaSection): ZolaPage | undefined {
  const url = sectionUrl(section);
  const { meta } = section;
  if (url === '/' || !meta.render || meta.redirect_to || !visibleText(section.front.body)) return undefined;
  const pageMeta = zolaPageSchema.parse({ title: meta.title, description: meta.description, draft: meta.draft, extra: meta.extra, path: url });
  return { ...section, kind: 'page', meta: pageMeta, stem: section.components.at(-1)!, colocated: undefined, assets: [] };
}
