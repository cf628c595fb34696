import path from 'node:path';
import type { LoadedZolaConfig } from './zola-config.ts';
import type { ZolaContent, ZolaPage, ZolaSection } from './read-content.ts';
import { slugifyPath } from './zola-slugs.ts';

// Zola's rule for a date at the start of a file name (`page.rs`): an RFC 3339 date or datetime,
// then optionally `_` or `-` (one space allowed before it) and the slug.
const DATED_NAME =
  /^(?<date>\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:T(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?)(?:\s?[_-](?<slug>.+)$)?/;

export interface PageUrl {
  /** The page's slug as Zola computed it (front matter `slug`, else the dated or plain name). */
  slug: string;
  /** URL path, always with a leading and trailing `/`. */
  path: string;
  /** Date taken from the file name, when the header has none. */
  dateFromName: string | undefined;
}

/** Where Zola serves a page: `path` wins, else its folders and its slug. */
export function pageUrl(page: ZolaPage, zola: LoadedZolaConfig): PageUrl {
  const { slugify } = zola.config;
  const dated = DATED_NAME.exec(page.stem);
  const nameSlug = dated?.groups?.slug && !slugify.paths_keep_dates ? dated.groups.slug : page.stem;
  const slug = slugifyPath(page.meta.slug ?? nameSlug, slugify.paths);
  let urlPath: string;
  if (page.meta.path !== undefined) {
    const p = page.meta.path.trim();
    urlPath = p.startsWith('/') ? p : `/${p}`;
  } else if (page.components.length === 0) {
    urlPath = page.stem === 'index' && !page.colocated ? '/' : `/${slug}`;
  } else {
    urlPath = `/${page.components.join('/')}/${slug}`;
  }
  if (!urlPath.endsWith('/')) urlPath += '/';
  return { slug, path: urlPath, dateFromName: dated && !page.meta.date ? dated.groups!.date : undefined };
}

export function sectionUrl(section: ZolaSection): string {
  return section.components.length === 0 ? '/' : `/${section.components.join('/')}/`;
}

/** An alias as Zola writes it: a `.html` alias is that file, anything else a folder. */
export function aliasUrl(alias: string): string {
  const p = alias.startsWith('/') ? alias : `/${alias}`;
  return p.endsWith('.html') || p.endsWith('/') ? p : `${p}/`;
}

export type UrlKind = 'page' | 'section' | 'alias' | 'asset' | 'static' | 'taxonomy' | 'term' | 'pagination' | 'feed' | 'sitemap' | 'robots' | 'not-found';

export interface ZolaUrl {
  url: string;
  kind: UrlKind;
  /** The file it comes from, Zola-root relative. */
  source: string;
}

/** Pages and subsections a section lists: its own, plus those passed up by transparent children. */
export function sectionPages(section: ZolaSection, content: ZolaContent): ZolaPage[] {
  const key = section.components.join('/');
  const transparent = content.sections.filter((s) => s.meta.transparent && s.components.slice(0, -1).join('/') === key);
  return [
    ...content.pages.filter((p) => p.components.join('/') === key),
    ...transparent.flatMap((s) => sectionPages(s, content)),
  ];
}

/** Zola writes `page/1/` (a redirect) up to the last pager for a paginated list. */
function pagerUrls(base: string, count: number, perPage: number | undefined, pagePath: string): string[] {
  if (!perPage) return [];
  const pagers = Math.max(1, Math.ceil(count / perPage));
  return Array.from({ length: pagers }, (_, i) => `${base}${pagePath}/${i + 1}/`);
}

/**
 * Every URL a `zola build` of the site would write (drafts left out, as Zola does): the
 * "before" side of the URL inventory.
 */
export function zolaUrls(content: ZolaContent, zola: LoadedZolaConfig, staticFiles: string[]): ZolaUrl[] {
  const { config, feeds } = zola;
  const urls: ZolaUrl[] = [];
  const add = (url: string, kind: UrlKind, source: string): void => void urls.push({ url, kind, source });
  const published = content.pages.filter((p) => !p.meta.draft);

  for (const page of published) {
    const { path: pagePath } = pageUrl(page, zola);
    if (page.meta.render) add(pagePath, 'page', page.file);
    for (const alias of page.meta.aliases) add(aliasUrl(alias), 'alias', page.file);
    for (const asset of page.assets) add(`${pagePath}${asset.slice(page.colocated!.length)}`, 'asset', page.file);
  }
  for (const section of content.sections.filter((s) => !s.meta.draft)) {
    const base = sectionUrl(section);
    if (section.meta.render || section.meta.redirect_to) add(base, 'section', section.file);
    for (const alias of section.meta.aliases) add(aliasUrl(alias), 'alias', section.file);
    for (const asset of section.assets) add(`${base}${path.posix.basename(asset)}`, 'asset', section.file);
    if (section.meta.render) {
      const count = sectionPages(section, { ...content, pages: published }).length;
      for (const url of pagerUrls(base, count, section.meta.paginate_by, section.meta.paginate_path)) add(url, 'pagination', section.file);
      if (section.meta.generate_feeds ?? section.meta.generate_feed) for (const feed of zola.feedNames) add(`${base}${feed}`, 'feed', section.file);
    }
  }
  const root = config.taxonomy_root ? `/${config.taxonomy_root}` : '';
  for (const taxonomy of config.taxonomies.filter((t) => t.render)) {
    const taxSlug = slugifyPath(taxonomy.name, config.slugify.taxonomies);
    const terms = new Map<string, number>();
    for (const page of published) {
      for (const term of page.meta.taxonomies[taxonomy.name] ?? []) {
        const slug = slugifyPath(term, config.slugify.taxonomies);
        terms.set(slug, (terms.get(slug) ?? 0) + 1);
      }
    }
    if (terms.size === 0) continue;
    add(`${root}/${taxSlug}/`, 'taxonomy', zola.file);
    for (const [term, count] of terms) {
      const base = `${root}/${taxSlug}/${term}/`;
      add(base, 'term', zola.file);
      for (const url of pagerUrls(base, count, taxonomy.paginate_by, taxonomy.paginate_path)) add(url, 'pagination', zola.file);
      if (taxonomy.feed) for (const feed of zola.feedNames) add(`${base}${feed}`, 'feed', zola.file);
    }
  }
  for (const feed of feeds) add(`/${feed}`, 'feed', zola.file);
  if (config.generate_sitemap) add('/sitemap.xml', 'sitemap', zola.file);
  if (config.generate_robots_txt) add('/robots.txt', 'robots', zola.file);
  add('/404.html', 'not-found', zola.file);
  for (const file of staticFiles) add(`/${file}`, 'static', `static/${file}`);
  return dedupe(urls);
}

function dedupe(urls: ZolaUrl[]): ZolaUrl[] {
  const seen = new Set<string>();
  return urls.filter((u) => !seen.has(u.url) && (seen.add(u.url), true)).sort((a, b) => a.url.localeCompare(b.url));
}
