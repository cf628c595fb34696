import { slugify } from '../markdown/slugify.ts';
import type { ImportLog } from './import-log.ts';
import type { ZolaContent, ZolaPage } from './read-content.ts';
import type { LoadedZolaConfig } from './zola-config.ts';
import { pageUrl, sectionUrl, type PageUrl } from './zola-urls.ts';

export interface PlannedEntry {
  page: ZolaPage;
  zola: PageUrl;
  /** galley's slug: the file name under content/entries/. */
  slug: string;
  /** Where galley serves it (design §2). */
  url: string;
}

export interface EntryPlan {
  entries: PlannedEntry[];
  /** `@/` link target (content-relative .md path) → its galley URL. */
  permalinks: Map<string, string>;
  /** Old Zola URL → new galley URL, for every page and section. */
  moved: Map<string, string>;
}

/** Give every page a galley slug (Zola's, made ASCII and unique) and every `@/` target a URL. */
export function planEntries(content: ZolaContent, zola: LoadedZolaConfig, log: ImportLog): EntryPlan {
  const taken = new Map<string, string>();
  const permalinks = new Map<string, string>();
  const moved = new Map<string, string>();
  const entries = content.pages.map((page): PlannedEntry => {
    const url = pageUrl(page, zola);
    const base = slugify(url.slug) || slugify(page.stem) || 'entry';
    let slug = base;
    for (let n = 1; taken.has(slug); n++) slug = `${base}-${n}`;
    if (slug !== base) log.note('aliased', { file: page.file }, `slug \`${base}\``, `taken by ${taken.get(base)}; this entry is \`${slug}\``);
    taken.set(slug, page.file);
    const entryUrl = `/entries/${slug}/`;
    permalinks.set(page.rel, entryUrl);
    if (!page.meta.draft) moved.set(url.path, entryUrl);
    return { page, zola: url, slug, url: entryUrl };
  });
  for (const section of content.sections) {
    // galley has one list of entries, so a section's page becomes the index (or its redirect).
    const target = section.meta.redirect_to ? redirectTarget(section.meta.redirect_to, moved) : '/';
    permalinks.set(section.rel, target);
    if (sectionUrl(section) !== '/') moved.set(sectionUrl(section), target);
  }
  return { entries, permalinks, moved };
}

/** Zola's `redirect_to` is a path or an absolute URL; a moved path follows its page. */
export function redirectTarget(to: string, moved: ReadonlyMap<string, string>): string {
  if (/^[a-z]+:/i.test(to)) return to;
  const p = `/${to.replace(/^\/+/, '')}`;
  const withSlash = p.endsWith('/') ? p : `${p}/`;
  return moved.get(withSlash) ?? moved.get(p) ?? p;
}
