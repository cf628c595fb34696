// A second model of the URLs `zola build` writes for the default language, written from Zola's
// documentation (content overview, sections, pages, page assets, taxonomies, pagination,
// multilingual sites, configuration) and sharing no code with src/import-zola: the import's URL
// inventory is checked against it, so neither can drift alone.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';

type Header = Record<string, unknown>;

interface Config {
  default_language?: string;
  generate_feeds?: boolean;
  feed_filenames?: string[];
  generate_feed?: boolean;
  feed_filename?: string;
  generate_rss?: boolean;
  generate_sitemap?: boolean;
  generate_robots_txt?: boolean;
  taxonomies?: { name: string; feed?: boolean; rss?: boolean; paginate_by?: number; paginate_path?: string; render?: boolean }[];
  slugify?: { paths?: string; taxonomies?: string; paths_keep_dates?: boolean };
  languages?: Record<string, unknown>;
}

// Transliterations the `slug` crate's deunicode gives for the non-ASCII characters of the
// fixtures, copied by hand from deunicode's table: the model is about URL shapes, not scripts.
const DEUNICODE: Record<string, string> = { 東: 'Dong ', 京: 'Jing ', タ: 'ta', ワ: 'wa', ー: '-' };

/** Zola's `slugify = "on"`: transliterate, keep lowercased ASCII letters and digits, one `-` between. */
function slug(text: string): string {
  const ascii = [...text].map((c) => DEUNICODE[c] ?? c).join('');
  return ascii.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** `safe` drops what a path cannot hold on any OS and trailing dots and spaces; `off` keeps all. */
function slugAs(text: string, strategy = 'on'): string {
  if (strategy === 'on') return slug(text);
  if (strategy === 'safe') return text.replace(/[ .]+$/, '').replace(/[<>:"/\\|?*]/g, '');
  return text;
}

function header(text: string): Header {
  const toml = /^\+\+\+\r?\n([\s\S]*?)\r?\n\+\+\+/.exec(text);
  if (toml) return parseToml(toml[1]!) as Header;
  const yaml = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return yaml ? (parseYaml(yaml[1]!) as Header) : {};
}

async function walk(dir: string, rel = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    found.push(...(entry.isDirectory() ? await walk(dir, child) : [child]));
  }
  return found;
}

interface Page {
  section: string;
  url: string | undefined;
  aliases: string[];
  terms: Record<string, string[]>;
}

/** The sorted URL paths of a default-language `zola build` of the site in `root`. */
export async function modelZolaUrls(root: string): Promise<string[]> {
  const configFile = (await readdir(root)).includes('zola.toml') ? 'zola.toml' : 'config.toml';
  const config = parseToml(await readFile(path.join(root, configFile), 'utf8')) as Config;
  const languages = new Set(Object.keys(config.languages ?? {}).filter((l) => l !== (config.default_language ?? 'en')));
  // Zola 0.19 `generate_feeds` + `feed_filenames`; 0.11 to 0.18 `generate_feed` + `feed_filename`;
  // before 0.11 `generate_rss`, always rss.xml. Section and taxonomy feeds use the same names.
  const feedNames = config.feed_filenames ?? [config.feed_filename ?? (config.generate_rss ? 'rss.xml' : 'atom.xml')];
  const feeds = config.generate_feeds || config.generate_feed || config.generate_rss ? feedNames : [];
  const urls = new Set<string>();
  const content = path.join(root, 'content');
  const files = await walk(content);
  // `name.fr.md` is a translation, served under /fr/; `name.en.md` is the default language's `name.md`.
  const markdown = files.filter((f) => f.endsWith('.md') && !languages.has(f.split('.').at(-2)!));
  const bare = (f: string): string => f.replace(/(\.[a-z]{2})?\.md$/, '');
  const alias = (a: string): string => {
    const p = a.startsWith('/') ? a : `/${a}`;
    return p.endsWith('.html') || p.endsWith('/') ? p : `${p}/`;
  };

  const pages: Page[] = [];
  for (const file of markdown.filter((f) => path.posix.basename(bare(f)) !== '_index')) {
    const head = header(await readFile(path.join(content, file), 'utf8'));
    if (head.draft === true) continue;
    // A page folder (`x/index.md`) is named by its folder and sits in the folder's parent section.
    const folder = path.posix.basename(bare(file)) === 'index' ? path.posix.dirname(file) : undefined;
    const name = folder ? path.posix.basename(folder) : path.posix.basename(bare(file));
    const section = path.posix.dirname(folder ?? file).replace(/^\.$/, '');
    const dated = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?\s?[_-](.+)$/.exec(name);
    const named = dated && !config.slugify?.paths_keep_dates ? dated[3]! : name;
    const pageSlug = slugAs(typeof head.slug === 'string' ? head.slug : named, config.slugify?.paths);
    let url: string;
    if (typeof head.path === 'string') url = `/${head.path.trim().replace(/^\//, '')}`.replace(/\/?$/, '/');
    else url = `/${section ? `${section}/` : ''}${pageSlug}/`;
    if (folder) for (const asset of files.filter((f) => f.startsWith(`${folder}/`) && !f.endsWith('.md'))) urls.add(url + asset.slice(folder.length + 1));
    const taxonomies = (head.taxonomies ?? {}) as Record<string, string[]>;
    pages.push({ section, url: head.render === false ? undefined : url, aliases: ((head.aliases ?? []) as string[]).map(alias), terms: taxonomies });
  }
  for (const page of pages) {
    if (page.url) urls.add(page.url);
    for (const a of page.aliases) urls.add(a);
  }

  const sections = new Map<string, Header>();
  for (const file of markdown.filter((f) => path.posix.basename(bare(f)) === '_index')) {
    sections.set(path.posix.dirname(file).replace(/^\.$/, ''), header(await readFile(path.join(content, file), 'utf8')));
  }
  // A section lists its own pages and those of its transparent subsections.
  const listed = (dir: string): number =>
    pages.filter((p) => p.section === dir).length +
    [...sections].filter(([d, h]) => h.transparent === true && path.posix.dirname(d).replace(/^\.$/, '') === dir && d !== dir).reduce((n, [d]) => n + listed(d), 0);
  const pagers = (base: string, count: number, by: unknown, pagePath: unknown): void => {
    if (typeof by !== 'number' || by <= 0) return;
    for (let i = 1; i <= Math.max(1, Math.ceil(count / by)); i++) urls.add(`${base}${typeof pagePath === 'string' ? pagePath : 'page'}/${i}/`);
  };
  for (const [dir, head] of sections) {
    if (head.draft === true) continue;
    const base = dir ? `/${dir}/` : '/';
    if (head.render !== false || head.redirect_to) urls.add(base);
    for (const a of (head.aliases ?? []) as string[]) urls.add(alias(a));
    for (const asset of files.filter((f) => path.posix.dirname(f) === (dir || '.') && !f.endsWith('.md'))) urls.add(`${base}${path.posix.basename(asset)}`);
    if (head.render === false) continue;
    pagers(base, listed(dir), head.paginate_by, head.paginate_path);
    if (head.generate_feeds === true || head.generate_feed === true) for (const feed of feedNames) urls.add(`${base}${feed}`);
  }

  for (const taxonomy of (config.taxonomies ?? []).filter((t) => t.render !== false)) {
    const name = slugAs(taxonomy.name, config.slugify?.taxonomies);
    const counts = new Map<string, number>();
    for (const page of pages) for (const term of page.terms[taxonomy.name] ?? []) {
      const key = slugAs(term, config.slugify?.taxonomies);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (counts.size === 0) continue;
    urls.add(`/${name}/`);
    for (const [term, count] of counts) {
      urls.add(`/${name}/${term}/`);
      pagers(`/${name}/${term}/`, count, taxonomy.paginate_by, taxonomy.paginate_path);
      if (taxonomy.feed || taxonomy.rss) for (const feed of feedNames) urls.add(`/${name}/${term}/${feed}`);
    }
  }

  for (const feed of feeds) urls.add(`/${feed}`);
  if (config.generate_sitemap !== false) urls.add('/sitemap.xml');
  if (config.generate_robots_txt !== false) urls.add('/robots.txt');
  urls.add('/404.html');
  for (const file of await walk(path.join(root, 'static')).catch(() => [])) urls.add(`/${file}`);
  return [...urls].sort();
}
