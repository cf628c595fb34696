import path from 'node:path';
import type { ImportLog } from './import-log.ts';
import type { EntryPlan } from './plan-entries.ts';
import type { ZolaContent, ZolaSection } from './read-content.ts';
import type { LoadedZolaConfig } from './zola-config.ts';
import { analyzeBody } from './analyze-body.ts';
import { GALLEY_FEED, type FeedOf } from './convert-config.ts';
import type { SectionListing } from './section-listings.ts';
import { visibleText } from './section-page.ts';
import { pagerUrl } from '../render/pager-url.ts';
import { aliasUrl, sectionPages, sectionUrl } from './zola-urls.ts';

export interface SiteFiles {
  /** Old URL → where it now redirects; each becomes a small page under `public/`. */
  redirects: Map<string, string>;
  /** Files to copy under `public/`: relative output path → absolute source path. */
  copies: Map<string, string>;
  /** Old feed URLs galley's feed is written at too (`feeds` of site.config.ts): path → the tag or listing it is of, if not the site. */
  feeds: Map<string, FeedOf>;
  /** The sections that are listings of entries at their URLs (`listings` of site.config.ts). */
  listings: SectionListing[];
  /** The index's `paginate_by`, for `paginateBy` of site.config.ts; and the pager URLs galley then writes as pages. */
  paginateBy?: number;
  pagers: Set<string>;
}

/**
 * A section with text is a page at its URL; one that lists entries is a galley listing there
 * (with its pagers and feeds); every other section URL, and each alias, becomes a redirect to
 * the index (or to its `redirect_to` or its page), and its assets stay put. The index's own
 * pagers stay pages (galley's `paginateBy`), as do a listing's (its own `paginateBy`).
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
    // A section with text is a page, whose header carries its old URL if it moved.
    const isPage = plan.entries.some((e) => e.page.rel === section.rel);
    const listing = plan.listings.find((l) => l.section === section);
    if (listing) {
      out.listings.push(listing);
      log.note('imported', at(), url, "section listing: galley's listing of its entries at the same URL");
    }
    const redirect = (from: string, why: string, key?: string): void => {
      if (from === target) return;
      out.redirects.set(from, target);
      log.note('aliased', at(key), from, `${why}, redirects to ${target}`);
    };
    if (url === '/') log.note('imported', at(), '/', "the site's index is galley's index of entries");
    else if ((meta.render || meta.redirect_to) && !isPage) redirect(url, meta.redirect_to ? 'section with `redirect_to`' : 'section page', meta.redirect_to ? 'redirect_to' : undefined);
    for (const alias of meta.aliases) redirect(aliasUrl(alias), 'section alias', 'aliases');
    if (meta.render && meta.paginate_by) {
      const pagers = Math.max(1, Math.ceil(sectionPages(section, { ...content, pages: published }).length / meta.paginate_by));
      // The index's pagers stay pages: galley's index lists at least the root's pages, as many a page.
      if (url === '/') out.paginateBy = meta.paginate_by;
      for (let n = 1; n <= pagers; n++) {
        const from = `${url}${meta.paginate_path}/${n}/`;
        if (url === '/' || listing) keepPager(from, pagerUrl(url, n), out, log, at('paginate_by'));
        else redirect(from, 'pager', 'paginate_by');
      }
    }
    if (meta.transparent) log.note('converted', at('transparent'), '`transparent`', 'galley lists every entry in one index, so its pages are listed with its parent as before');
    for (const key of ['page_template', 'template', 'sort_by'] as const) {
      if (meta[key]) log.note('converted', at(key), `\`${key}\``, key === 'sort_by' ? 'galley orders entries by date' : 'galley renders every entry with the editorial template');
    }
    if (meta.render && (meta.generate_feeds ?? meta.generate_feed)) {
      const key = meta.generate_feeds === undefined ? 'generate_feed' : 'generate_feeds';
      for (const name of zola.feedNames) {
        const feed = `${url}${name}`;
        if (listing && name === GALLEY_FEED) {
          log.note('imported', at(key), feed, "section feed: galley's feed of the listing");
          continue;
        }
        out.feeds.set(feed, listing ? { listing: url } : {});
        log.note('converted', at(key), feed, listing ? "section feed: galley's feed of the listing (Atom) is written there too" : "section feed: galley's site feed is written there too (the section lists no entries)");
      }
    }
    for (const asset of section.assets) {
      const rel = `${url}${path.posix.basename(asset)}`.slice(1);
      out.copies.set(rel, path.join(zolaDir, 'content', asset));
      log.note('imported', at(), `/${rel}`, 'section asset kept at its URL');
    }
    const text = visibleText(section.front.body);
    if (text && url === '/') rootText(section, log);
    else if (text && !isPage) log.note('converted', at(), 'section text', meta.redirect_to ? 'not shown by Zola either (the section redirects); not carried over' : 'not shown by Zola either (`render = false`); not carried over');
    if (!isPage && Object.keys(meta.extra).length > 0) {
      log.note('converted', at('extra'), '`[extra]`', `${Object.keys(meta.extra).sort().join(', ')}: read only by Zola's templates, not carried over`);
    }
  }
}

/** A pager galley writes too: a page where Zola's path is galley's (`page/N/`), else a redirect to galley's page N. */
export function keepPager(from: string, to: string, out: SiteFiles, log: ImportLog, at: { file: string; line: number }): void {
  if (from === to || to === from.replace(/page\/1\/$/, '')) {
    out.pagers.add(from);
    log.note('imported', at, from, "pager: galley's listing page at the same URL");
  } else {
    out.redirects.set(from, to);
    log.note('aliased', at, from, `pager, redirects to galley's ${to}`);
  }
}

/**
 * The site index is galley's list of entries, so the text of the root `_index.md` has no page to
 * go to: each block is reported at its line, for a person to place (an about page, the description).
 */
function rootText(section: ZolaSection, log: ImportLog): void {
  const tree = analyzeBody(section.front.body).tree;
  for (const block of tree.children) {
    if (block.type === 'html' && !visibleText(block.value)) continue;
    log.needsPerson({ file: section.file, line: section.front.bodyLine + (block.position?.start.line ?? 1) - 1 }, `${block.type} of the index`, `Unexpected ${block.type} in the site's \`_index.md\`, expected no text (galley's index lists the entries)`, 'import-section-content', 'Move it into a page (content/pages/) or the site description.');
  }
}
