import path from 'node:path';
import type { ImportLog } from './import-log.ts';
import type { EntryPlan } from './plan-entries.ts';
import type { ZolaContent } from './read-content.ts';
import type { LoadedZolaConfig } from './zola-config.ts';
import { aliasUrl, sectionPages, sectionUrl } from './zola-urls.ts';

export interface SiteFiles {
  /** Old URL → where it now redirects; each becomes a small page under `public/`. */
  redirects: Map<string, string>;
  /** Files to copy under `public/`: relative output path → absolute source path. */
  copies: Map<string, string>;
}

/**
 * galley has one index instead of sections: each section URL, pager and alias becomes a
 * redirect to the index (or to its `redirect_to`), and its assets stay put.
 */
export function convertSections(zolaDir: string, content: ZolaContent, zola: LoadedZolaConfig, plan: EntryPlan, out: SiteFiles, log: ImportLog): void {
  const published = content.pages.filter((p) => !p.meta.draft);
  for (const section of content.sections) {
    const at = (key?: string): { file: string; line: number } => ({ file: section.file, line: key ? (section.front.keyLines.get(key) ?? 1) : 1 });
    const { meta } = section;
    if (meta.draft) {
      log.note('converted', at('draft'), 'draft section', 'not published by Zola; nothing to keep');
      continue;
    }
    const url = sectionUrl(section);
    const target = plan.permalinks.get(section.rel)!;
    const redirect = (from: string, why: string, key?: string): void => {
      if (from === target) return;
      out.redirects.set(from, target);
      log.note('aliased', at(key), from, `${why}, redirects to ${target}`);
    };
    if (url === '/') log.note('imported', at(), '/', "the site's index is galley's index of entries");
    else if (meta.render || meta.redirect_to) redirect(url, meta.redirect_to ? 'section with `redirect_to`' : 'section page', meta.redirect_to ? 'redirect_to' : undefined);
    for (const alias of meta.aliases) redirect(aliasUrl(alias), 'section alias', 'aliases');
    if (meta.render && meta.paginate_by) {
      const pagers = Math.max(1, Math.ceil(sectionPages(section, { ...content, pages: published }).length / meta.paginate_by));
      for (let n = 1; n <= pagers; n++) redirect(`${url}${meta.paginate_path}/${n}/`, 'pager', 'paginate_by');
    }
    if (meta.transparent) log.note('converted', at('transparent'), '`transparent`', 'galley lists every entry in one index, so its pages are listed with its parent as before');
    for (const key of ['page_template', 'template', 'sort_by'] as const) {
      if (meta[key]) log.note('converted', at(key), `\`${key}\``, key === 'sort_by' ? 'galley orders entries by date' : 'galley renders every entry with the editorial template');
    }
    if (meta.render && (meta.generate_feeds ?? meta.generate_feed)) {
      for (const feed of zola.feeds) log.needsPerson(at(meta.generate_feeds === undefined ? 'generate_feed' : 'generate_feeds'), `${url}${feed}`, `Unexpected feed per section at ${url}${feed}, expected galley's one site feed`, 'import-feed', "Point the section feed's readers at the site feed, or serve a redirect for it from the web server.");
    }
    for (const asset of section.assets) {
      const rel = `${url}${path.posix.basename(asset)}`.slice(1);
      out.copies.set(rel, path.join(zolaDir, 'content', asset));
      log.note('imported', at(), `/${rel}`, 'section asset kept at its URL');
    }
    if (stripComments(section.front.body).trim()) {
      log.needsPerson({ file: section.file, line: section.front.bodyLine }, 'section text', "Unexpected text in a section's `_index.md`, expected an empty section (galley has no section pages)", 'import-section-content', 'Move the text into an entry (or the site description); the section URL now redirects.');
    }
    for (const key of Object.keys(meta.extra).sort()) {
      log.needsPerson(at(`extra.${key}`), `\`extra.${key}\``, `Unexpected section \`[extra]\` key \`${key}\`, expected none (only Zola's templates read it)`, 'import-extra-key', 'Carry what it meant into the entries or site.config.ts by hand.');
    }
  }
}

function stripComments(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, '');
}
