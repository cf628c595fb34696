import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ImportLog } from './import-log.ts';
import type { SectionListing } from './section-listings.ts';
import { locate, type LoadedZolaConfig } from './zola-config.ts';

// The feed galley writes (design §3); a Zola feed of another name needs a person.
export const GALLEY_FEED = 'atom.xml';

/** What a feed URL is of: the site (neither), one tag or one listing. */
export interface FeedOf {
  tag?: string;
  listing?: string;
}

// Rendering options of `[markdown]`: galley's template decides these, so they are converted
// (reported) rather than carried. Keys not listed here are reported as needing a person.
const MARKDOWN_DECIDED: Record<string, string> = {
  highlight_code: 'galley renders code blocks with its own styles',
  highlight_theme: 'galley renders code blocks with its own styles',
  highlighting: 'galley renders code blocks with its own styles',
  insert_anchor_links: "galley's template numbers sections and gives each an id",
  smart_punctuation: 'galley renders punctuation as written',
  external_links_target_blank: "galley's template decides how links open",
  external_links_no_follow: "galley's template decides link attributes",
  external_links_no_referrer: "galley's template decides link attributes",
  bottom_footnotes: 'galley renders footnotes at the bottom (GFM)',
  lazy_async_image: "galley's template decides image loading",
};

/** The Zola config → the `site` block of `site.config.ts`, logging what else the file set; site feeds go to `feeds`. */
export function convertConfig(zolaDir: string, zola: LoadedZolaConfig, log: ImportLog, feeds: Map<string, FeedOf>): Record<string, string> {
  const { config, source } = zola;
  const at = (key: string): { file: string; line: number } => ({ file: zola.file, line: locate(source, key).line });
  const baseUrl = config.base_url.endsWith('/') ? config.base_url : `${config.base_url}/`;
  const site: Record<string, string> = { title: config.title ?? 'galley', ...(config.description ? { description: config.description } : {}), baseUrl, language: config.default_language, ...(config.author ? { author: config.author } : {}) };
  log.note('imported', at('base_url'), 'site', Object.keys(site).join(', '));
  for (const feed of zola.feeds) {
    if (feed === GALLEY_FEED) log.note('imported', at('feed_filenames'), `/${feed}`, "galley's site feed");
    else {
      feeds.set(`/${feed}`, {});
      log.note('converted', at(zola.config.generate_rss ? 'generate_rss' : 'feed_filenames'), `/${feed}`, "galley's site feed (Atom) is written there too; feed readers read Atom at any URL");
    }
  }
  for (const key of ['ignored_content', 'ignored_static'] as const) {
    const globs = config[key];
    if (Array.isArray(globs) && globs.length > 0) log.needsPerson(at(key), `\`${key}\``, `Unexpected \`${key}\` (${globs.join(', ')}), expected every file to be imported`, 'import-ignored-files', 'The import copies what Zola skipped; delete those files from the new project.');
  }
  if (Object.keys(config.languages).length > 0) log.needsPerson(at('languages'), '`languages`', 'Unexpected multilingual site, expected one language', 'import-languages', 'Only the default language was imported; the translated pages need a person.');
  if (config.compile_sass && existsSync(path.join(zolaDir, 'sass'))) log.needsPerson(at('compile_sass'), 'sass/', 'Unexpected Sass stylesheets, expected galley\'s template styles', 'import-sass', 'Their CSS URLs are not carried over; port what matters to the template.');
  if (config.build_search_index) log.needsPerson(at('build_search_index'), '`build_search_index`', 'Unexpected search index, expected none (galley has no search)', 'import-search', 'The search_index files and their URLs are not carried over.');
  if (typeof config.theme === 'string') log.needsPerson(at('theme'), `theme \`${config.theme}\``, 'Unexpected theme, expected galley\'s editorial template', 'import-theme', "The theme's templates and static files are not carried over; copy static files you still link into public/.");
  for (const [key, why] of Object.entries(MARKDOWN_DECIDED)) if (key in config.markdown) log.note('converted', at(key), `markdown.${key}`, why);
  for (const key of Object.keys(config.markdown).filter((k) => !(k in MARKDOWN_DECIDED))) log.needsPerson(at(key), `markdown.${key}`, `Unexpected Markdown option \`${key}\`, expected galley's rendering`, 'import-markdown-option', 'Check that the entries read well without it.');
  const strategies = config.slugify;
  if (strategies.paths !== 'on' || strategies.anchors !== 'on' || strategies.taxonomies !== 'on' || strategies.paths_keep_dates) log.note('converted', at('paths'), '`[slugify]`', 'Zola URLs and ids computed with these rules; galley slugs kept by aliases and explicit ids');
  // The theme's settings: its templates read them, and those are not carried over either.
  if (Object.keys(config.extra).length > 0) log.note('converted', at('extra'), '`[extra]`', `${Object.keys(config.extra).sort().join(', ')}: settings of Zola's templates, not carried over`);
  return site;
}

export interface ConfigParts {
  site: Record<string, string>;
  looseSections: boolean;
  fields: ReadonlyMap<string, string>;
  feeds: ReadonlyMap<string, FeedOf>;
  listings: readonly SectionListing[];
  paginateBy?: number | undefined;
  /** The Zola config file it came from. */
  from: string;
}

/** The `site.config.ts` of the imported project. */
export function siteConfigSource({ site, looseSections, fields, feeds, listings, paginateBy, from }: ConfigParts): string {
  const lines = Object.entries(site).map(([key, value]) => `    ${key}: ${JSON.stringify(value)},`);
  const sections = looseSections ? ['  // `--loose-sections`: no required sections until the imported entries have them.', '  sections: { required: [] },'] : [];
  // `systems` is galley's own default field; declaring fields replaces the default.
  const declared = fields.size === 0 ? [] : ['  // The `[extra]` keys of the Zola pages, kept in their front matter.', `  frontMatter: { fields: ${fieldsSource(new Map([['systems', 'string[]'], ...fields]))} },`];
  const feedLines = feeds.size === 0 ? [] : ['  // The feed URLs Zola wrote, served with the same feed.', '  feeds: [', ...feedsSource(feeds).map((f) => `    ${f},`), '  ],'];
  const listingLines = listings.length === 0 ? [] : ["  // Zola's sections that list entries, at their URLs.", '  listings: [', ...listingsSource(listings).map((l) => `    ${l},`), '  ],'];
  const pager = paginateBy === undefined ? [] : ["  // Zola's paginate_by of the index: its page/N/ URLs stay pages.", `  paginateBy: ${paginateBy},`];
  return ["import { defineConfig } from 'galley';", '', `// Written by \`galley import-zola\` from the Zola site's ${from}.`, 'export default defineConfig({', '  site: {', ...lines, '  },', ...sections, ...declared, ...feedLines, ...listingLines, ...pager, '});', ''].join('\n');
}

/** Each feed path as an object of `feeds`, sorted by path. */
export function feedsSource(feeds: ReadonlyMap<string, FeedOf> | [string, FeedOf][]): string[] {
  const of = (f: FeedOf) => (f.tag !== undefined ? `, tag: ${JSON.stringify(f.tag)}` : f.listing !== undefined ? `, listing: ${JSON.stringify(f.listing)}` : '');
  return [...feeds].sort(([a], [b]) => a.localeCompare(b)).map(([path, f]) => `{ path: ${JSON.stringify(path)}${of(f)} }`);
}

/** Each listing as an object of `listings`, sorted by path. */
export function listingsSource(listings: readonly SectionListing[]): string[] {
  return [...listings]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((l) => `{ ${[['path', l.path], ['title', l.title], ['description', l.description], ['paginateBy', l.paginateBy]].filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')} }`);
}

export function fieldsSource(fields: ReadonlyMap<string, string>): string {
  return `{ ${[...fields].map(([key, type]) => `${key}: ${JSON.stringify(type)}`).join(', ')} }`;
}
