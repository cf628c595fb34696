import { slugify } from '../markdown/slugify.ts';
import type { ImportLog } from './import-log.ts';
import type { ZolaContent, ZolaPage } from './read-content.ts';
import type { LoadedZolaConfig } from './zola-config.ts';
import { sectionPage } from './section-page.ts';
import { listingsOf, sectionListings, type SectionListing } from './section-listings.ts';
import { pageUrl, sectionUrl, type PageUrl } from './zola-urls.ts';

export interface PlannedEntry {
  /** A dated Zola page is an entry; an undated one, or a section's text, a page at its old URL. */
  kind: 'entry' | 'page';
  page: ZolaPage;
  zola: PageUrl;
  /** The file it becomes, relative to the project root. */
  out: string;
  /** Where galley serves it (design §2). */
  url: string;
  /** The listings (its sections') an entry is in besides the index. */
  listings: string[];
}

export interface EntryPlan {
  entries: PlannedEntry[];
  /** `@/` link target (content-relative .md path) → its galley URL. */
  permalinks: Map<string, string>;
  /** Old Zola URL → new galley URL, for every page and section. */
  moved: Map<string, string>;
  /** The sections that become listings of entries at their URLs. */
  listings: SectionListing[];
}

/**
 * Give every dated page a galley slug (Zola's, made ASCII and unique), every other page and each
 * section with text a page file at its Zola URL, and every `@/` target a URL.
 */
export function planEntries(content: ZolaContent, zola: LoadedZolaConfig, log: ImportLog): EntryPlan {
  const taken = new Map<string, string>();
  const permalinks = new Map<string, string>();
  const moved = new Map<string, string>();
  const sections = content.sections.flatMap((s) => sectionPage(s) ?? []);
  const entries = [...content.pages, ...sections].map((page): PlannedEntry => {
    const url = pageUrl(page, zola);
    if (!page.meta.date && !url.dateFromName && url.path !== '/') {
      // galley serves a page at its file's path, each segment slugged; Zola's URL, if it differs, is an alias.
      const segments = decodeURIComponent(url.path).split('/').filter(Boolean);
      const galleyUrl = `/${segments.map((s) => `${slugify(s) || 'page'}/`).join('')}`;
      permalinks.set(page.rel, galleyUrl);
      if (!page.meta.draft) moved.set(url.path, galleyUrl);
      return { kind: 'page', page, zola: url, out: `content/pages/${pageFile(galleyUrl, page.rel.endsWith('_index.md') || bundled(page))}`, url: galleyUrl, listings: [] };
    }
    const base = slugify(url.slug) || slugify(page.stem) || 'entry';
    let slug = base;
    for (let n = 1; taken.has(slug); n++) slug = `${base}-${n}`;
    if (slug !== base) log.note('aliased', { file: page.file }, `slug \`${base}\``, `taken by ${taken.get(base)}; this entry is \`${slug}\``);
    taken.set(slug, page.file);
    const entryUrl = `/entries/${slug}/`;
    permalinks.set(page.rel, entryUrl);
    if (!page.meta.draft) moved.set(url.path, entryUrl);
    return { kind: 'entry', page, zola: url, out: `content/entries/${slug}${bundled(page) ? '/index' : ''}.md`, url: entryUrl, listings: [] };
  });
  const entryPages = new Set(entries.filter((e) => e.kind === 'entry').map((e) => e.page));
  const listings = sectionListings(content, (p) => entryPages.has(p));
  for (const e of entries) if (e.kind === 'entry') e.listings = listingsOf(e.page, listings, content);
  for (const l of listings) {
    permalinks.set(l.section.rel, l.path);
    moved.set(l.path, l.path);
  }
  for (const section of content.sections) {
    if (permalinks.has(section.rel)) continue;
    // No listing fits a section without text and without entries: it becomes the index (or its redirect).
    const target = section.meta.redirect_to ? redirectTarget(section.meta.redirect_to, moved) : '/';
    permalinks.set(section.rel, target);
    if (sectionUrl(section) !== '/') moved.set(sectionUrl(section), target);
  }
  return { entries, permalinks, moved, listings };
}

/** A Zola page with files beside it becomes a galley bundle (`<slug>/index.md`), its files beside it still. */
function bundled(page: { colocated?: string; assets: readonly string[] }): boolean {
  return page.colocated !== undefined && page.assets.length > 0;
}

/** `/docs/setup/` is `docs/setup.md`; a section's `/docs/` (or a bundle's) is `docs/index.md`. */
function pageFile(url: string, section: boolean): string {
  const p = url.replace(/^\/+|\/+$/g, '');
  return section ? `${p}/index.md` : `${p}.md`;
}

/** Zola's `redirect_to` is a path or an absolute URL; a moved path follows its page. */
export function redirectTarget(to: string, moved: ReadonlyMap<string, string>): string {
  if (/^[a-z]+:/i.test(to)) return to;
  const p = `/${to.replace(/^\/+/, '')}`;
  const withSlash = p.endsWith('/') ? p : `${p}/`;
  return moved.get(withSlash) ?? moved.get(p) ?? p;
}
