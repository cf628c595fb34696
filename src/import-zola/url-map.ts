import { slugify } from '../markdown/slugify.ts';
import type { SiteFiles } from './convert-sections.ts';
import { GALLEY_FEED } from './convert-config.ts';
import { urlForFile } from './url-for-file.ts';
import type { PlannedEntry } from './plan-entries.ts';
import { aliasUrl, type ZolaUrl } from './zola-urls.ts';

/** How an old URL is served after the import. */
export type UrlHow = 'same' | 'alias' | 'redirect' | 'galley' | 'template' | 'draft' | 'lost';

export interface UrlOutcome extends ZolaUrl {
  how: UrlHow;
  /** Where a reader ends up (the URL itself when `same` or `galley`). `template`: served, but what Zola's template drew is not. */
  to: string;
}

// Pages galley's build writes on its own (design §3): index, tag pages, feed, sitemap, robots, 404.
const GALLEY_PAGES = new Set(['/', '/tags/', `/${GALLEY_FEED}`, '/sitemap.xml', '/robots.txt', '/404.html']);

interface Planned {
  entries: (PlannedEntry & { draft: boolean; tags: string[]; templateDrawn: boolean })[];
  files: SiteFiles;
  /** Section URLs whose template drew what their text lacks. */
  drawnSections: ReadonlySet<string>;
}

/** The import's URL comparison: every URL `zola build` writes, and what answers it afterwards. */
export function mapUrls(before: readonly ZolaUrl[], planned: Planned): UrlOutcome[] {
  const entryAt = new Map<string, { url: string; draft: boolean; templateDrawn: boolean }>();
  for (const e of planned.entries) {
    entryAt.set(e.url, e);
    for (const alias of [e.zola.path, ...e.page.meta.aliases.map(aliasUrl)]) if (!entryAt.has(alias)) entryAt.set(alias, e);
  }
  const copies = new Set([...planned.files.copies.keys()].map(urlForFile));
  // A tag page exists while a published entry carries the tag; a draft's tags wait with it.
  const tagPages = (draft: boolean): Set<string> => new Set(planned.entries.filter((e) => e.draft === draft).flatMap((e) => e.tags.map((t) => `/tags/${slugify(t)}/`)));
  const liveTags = tagPages(false);
  const draftTags = tagPages(true);
  // A listing's page and the feed beside it, as galley writes them for every listing.
  const listings = new Set(planned.files.listings.flatMap((l) => [l.path, `${l.path}${GALLEY_FEED}`]));
  return before.map((u): UrlOutcome => {
    const entry = entryAt.get(u.url);
    if (entry) return { ...u, how: entry.draft ? 'draft' : entry.templateDrawn ? 'template' : entry.url === u.url ? 'same' : 'alias', to: entry.url };
    const redirect = planned.files.redirects.get(u.url);
    if (redirect !== undefined && planned.drawnSections.has(u.url)) return { ...u, how: 'template', to: redirect };
    if (redirect !== undefined) return { ...u, how: 'redirect', to: redirect };
    if (copies.has(u.url)) return { ...u, how: 'same', to: u.url };
    if (GALLEY_PAGES.has(u.url) || liveTags.has(u.url) || listings.has(u.url) || planned.files.feeds.has(u.url) || planned.files.pagers.has(u.url)) return { ...u, how: 'galley', to: u.url };
    if (draftTags.has(u.url)) return { ...u, how: 'draft', to: u.url };
    return { ...u, how: 'lost', to: '' };
  });
}
