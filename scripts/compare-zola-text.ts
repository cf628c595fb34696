// The acceptance's check of the import's lost count (issue 24): for each page Zola writes,
// the words of its Markdown (shortcode calls taken out, their bodies kept) against the words of
// the page galley serves at that URL (its <main>, tags stripped). A page whose words are missing
// beyond a small tolerance is lost; that count must equal the report's.
//   node --import tsx scripts/compare-zola-text.ts ZOLA_DIR PROJECT_DIR   (after `galley build`)
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Element, Nodes, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { importZolaSite } from '../src/import-zola/import-site.ts';
import { fileForUrl } from '../src/import-zola/redirect-page.ts';
import { findShortcodes } from '../src/import-zola/shortcodes.ts';
import { splitFrontMatter } from '../src/import-zola/split-front-matter.ts';
import type { UrlOutcome } from '../src/import-zola/url-map.ts';

/** Missing words a page may have before it counts as lost: a caption, a button label, a heading's `#`. */
export const TOLERANCE = { share: 0.05, words: 3 };

export interface PageText {
  url: string;
  source: string;
  words: number;
  missing: number;
  lost: boolean;
}

export const parser = unified().use(remarkParse).use(remarkGfm);
const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a text, lowercased, as a multiset. */
function words(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of text.toLowerCase().match(WORD) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/** What a Zola page's Markdown says: shortcode calls out (a body's text stays), raw HTML as its text. */
export function markdownText(body: string): string {
  let text = '';
  let at = 0;
  for (const sc of findShortcodes(body)) {
    text += body.slice(at, sc.start) + (sc.body ?? '');
    at = sc.end;
  }
  // Comments are HTML nodes whose text is none; cut out of the text first, they would change its blocks.
  const tree = parser.parse(text + body.slice(at));
  const parts: string[] = [];
  visit(tree, (node) => {
    // Raw HTML is text in Markdown's tree; its words are what a reader sees.
    if (node.type === 'html') parts.push(leafText(fromHtml(node.value, { fragment: true })));
    else if ('value' in node && typeof node.value === 'string') parts.push(node.value);
    else if (node.type === 'image') parts.push(node.alt ?? '');
  });
  return parts.join(' ');
}

/** Text nodes and image alts joined by spaces: block after block, without a layout engine's idea of which is which. */
function leafText(tree: Nodes): string {
  const parts: string[] = [];
  visit(tree, (node) => {
    if (node.type === 'text') parts.push(node.value);
    else if (node.type === 'element' && node.tagName === 'img' && typeof node.properties.alt === 'string') parts.push(node.properties.alt);
  });
  return parts.join(' ');
}

/** What a reader of a served page sees: its <main> (galley's pages have one), else the whole tree. */
export function servedMain(html: string): Nodes {
  const tree = fromHtml(html) as HastRoot;
  let main: Element | undefined;
  visit(tree, 'element', (node: Element) => {
    if (!main && node.tagName === 'main') main = node;
  });
  return main ?? tree;
}

/** The text of a served page: its <main>, else its body. */
export function servedText(html: string): string {
  return leafText(servedMain(html));
}

/**
 * Compare every Zola page, and every section served as a page or lost, against what `siteDir`
 * serves at its URL. The index, a listing and a redirected section are left out: Zola showed no
 * section text there either (`redirect_to`), or the report places each block of it (the root).
 */
export function compareText(zolaDir: string, siteDir: string, urls: readonly UrlOutcome[]): PageText[] {
  return comparedPages(urls)
    .flatMap((u) => {
      const source = path.join(zolaDir, u.source);
      const want = words(markdownText(splitFrontMatter(readFileSync(source, 'utf8')).body));
      const total = [...want.values()].reduce((a, b) => a + b, 0);
      if (total === 0) return [];
      const file = u.to ? path.join(siteDir, fileForUrl(u.to)) : '';
      const have = file && existsSync(file) ? words(servedText(readFileSync(file, 'utf8'))) : new Map<string, number>();
      let missing = 0;
      for (const [w, n] of want) missing += Math.max(0, n - (have.get(w) ?? 0));
      const lost = missing > TOLERANCE.words && missing > total * TOLERANCE.share;
      return [{ url: u.url, source: u.source, words: total, missing, lost }];
    });
}

/** The pages and sections whose Markdown a reader of the served page should find there. */
export function comparedPages(urls: readonly UrlOutcome[]): UrlOutcome[] {
  return urls.filter((u) => u.kind === 'page' || (u.kind === 'section' && u.how !== 'galley' && u.how !== 'redirect'));
}

/** The report's count of lost pages and sections: URLs it says nothing serves. */
export function reportedLost(urls: readonly UrlOutcome[]): number {
  return urls.filter((u) => (u.kind === 'page' || u.kind === 'section') && u.how === 'lost').length;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [zolaDir, projectDir] = process.argv.slice(2);
  if (!zolaDir || !projectDir) {
    console.error('usage: compare-zola-text.ts ZOLA_DIR PROJECT_DIR (built: PROJECT_DIR/site)');
    process.exit(2);
  }
  const { urls } = await importZolaSite(zolaDir);
  const pages = compareText(zolaDir, path.join(projectDir, 'site'), urls);
  for (const p of pages.filter((x) => x.missing > 0)) console.log(`${p.lost ? 'lost' : 'kept'}  ${p.url}  ${p.missing}/${p.words} words missing  (${p.source})`);
  const lost = pages.filter((p) => p.lost).length;
  console.log(`${pages.length} pages compared; lost by text ${lost}; lost by the report ${reportedLost(urls)}`);
  process.exit(lost === reportedLost(urls) ? 0 : 1);
}
