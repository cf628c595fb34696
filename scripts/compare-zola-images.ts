// The acceptance's "no image lost" (issue 24): every image a Zola page references (a Markdown
// image, a raw HTML <img>, an image argument of a shortcode) is shown by the page galley serves
// at its URL: an <img> or <picture> in its <main> whose file is in the output.
//   node --import tsx scripts/compare-zola-images.ts ZOLA_DIR PROJECT_DIR   (after `galley build`)
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { importZolaSite } from '../src/import-zola/import-site.ts';
import { fileForUrl } from '../src/import-zola/redirect-page.ts';
import { findShortcodes, type ShortcodeValue } from '../src/import-zola/shortcodes.ts';
import { splitFrontMatter } from '../src/import-zola/split-front-matter.ts';
import { slugify } from '../src/markdown/slugify.ts';
import type { UrlOutcome } from '../src/import-zola/url-map.ts';
import { comparedPages, parser, servedMain } from './compare-zola-text.ts';

const IMAGE = /\.(png|jpe?g|gif|webp|avif|svg)$/i;

export interface PageImages {
  url: string;
  source: string;
  images: number;
  /** The references no shown image answers. */
  missing: string[];
}

/** The images a Zola page's Markdown references, in order: Markdown images, raw `<img src>`, shortcode arguments naming an image file. */
export function zolaImageRefs(body: string): string[] {
  const refs: string[] = [];
  const definitions = new Map<string, string>();
  let text = '';
  let at = 0;
  for (const sc of findShortcodes(body)) {
    text += body.slice(at, sc.start) + (sc.body ?? '');
    at = sc.end;
    if (!sc.escaped) refs.push(...Object.values(sc.args).flatMap(imageArgs));
  }
  const tree = parser.parse(text + body.slice(at));
  visit(tree, 'definition', (node) => void definitions.set(node.identifier, node.url));
  visit(tree, (node) => {
    if (node.type === 'image') refs.push(node.url);
    else if (node.type === 'imageReference' && definitions.has(node.identifier)) refs.push(definitions.get(node.identifier)!);
    else if (node.type === 'html') {
      visit(fromHtml(node.value, { fragment: true }), 'element', (el: Element) => {
        if (el.tagName === 'img' && typeof el.properties.src === 'string') refs.push(el.properties.src);
      });
    }
  });
  return refs.filter((r) => r.trim() !== '' && !r.startsWith('data:'));
}

function imageArgs(value: ShortcodeValue): string[] {
  if (Array.isArray(value)) return value.flatMap(imageArgs);
  return typeof value === 'string' && IMAGE.test(value.split(/[?#]/)[0]!) ? [value] : [];
}

/** What an image reference and a shown file have in common: the file's stem, as galley's image pipeline keeps it in its names. */
function stem(ref: string): string {
  return slugify(decodeURIComponent(path.posix.basename(ref.split(/[?#]/)[0]!)).replace(/\.[^.]*$/, ''));
}

/** The files a served page shows (every `<img src>` and `<picture>` source) that are in `siteDir`, as stems; remote ones as their URL. */
export function shownImages(html: string, pageUrl: string, siteDir: string): string[] {
  const shown: string[] = [];
  visit(servedMain(html), 'element', (el: Element) => {
    const urls = el.tagName === 'img' && typeof el.properties.src === 'string' ? [el.properties.src] : el.tagName === 'source' && Array.isArray(el.properties.srcSet) ? el.properties.srcSet.map((c) => String(c).split(/\s+/)[0]!) : [];
    for (const src of urls) {
      if (/^[a-z]+:\/\//i.test(src)) shown.push(src);
      else if (existsSync(path.join(siteDir, fileForUrl(new URL(src, `https://site.invalid${pageUrl}`).pathname)))) shown.push(stem(src));
    }
  });
  return shown;
}

/** A reference is shown when the page shows that remote URL, or a file whose name starts with its stem (galley adds `-640w.<hash>` and the format). */
function isShown(ref: string, shown: readonly string[]): boolean {
  if (/^[a-z]+:\/\//i.test(ref)) return shown.includes(ref);
  const s = stem(ref);
  return shown.some((x) => x === s || x.startsWith(`${s}-`));
}

/** Every compared page's image references against what `siteDir` shows at its URL. */
export function compareImages(zolaDir: string, siteDir: string, urls: readonly UrlOutcome[]): PageImages[] {
  return comparedPages(urls).flatMap((u) => {
    const refs = zolaImageRefs(splitFrontMatter(readFileSync(path.join(zolaDir, u.source), 'utf8')).body);
    if (refs.length === 0) return [];
    const file = u.to ? path.join(siteDir, fileForUrl(u.to)) : '';
    const shown = file && existsSync(file) ? shownImages(readFileSync(file, 'utf8'), u.to, siteDir) : [];
    return [{ url: u.url, source: u.source, images: refs.length, missing: refs.filter((r) => !isShown(r, shown)) }];
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [zolaDir, projectDir] = process.argv.slice(2);
  if (!zolaDir || !projectDir) {
    console.error('usage: compare-zola-images.ts ZOLA_DIR PROJECT_DIR (built: PROJECT_DIR/site)');
    process.exit(2);
  }
  const { urls } = await importZolaSite(zolaDir);
  const pages = compareImages(zolaDir, path.join(projectDir, 'site'), urls);
  for (const p of pages) for (const m of p.missing) console.log(`lost  ${p.url}  ${m}  (${p.source})`);
  const images = pages.reduce((n, p) => n + p.images, 0);
  const lost = pages.reduce((n, p) => n + p.missing.length, 0);
  console.log(`${pages.length} pages with images; ${images} images referenced; ${images - lost} shown; ${lost} lost`);
  process.exit(lost === 0 ? 0 : 1);
}
