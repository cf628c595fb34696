import type { Link, List, ListItem, Paragraph, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { VFile } from 'vfile';
import { parseMarkdown } from '../../markdown/parse-markdown.ts';
import { emit } from '../../report/emit.ts';

/** A chapter of the book: `source` is its Markdown path in the book; a draft chapter has none. */
export interface SummaryChapter {
  kind: 'chapter';
  title: string;
  source: string | undefined;
  /** `1.2.` for numbered chapters; undefined for prefix and suffix chapters. */
  number: string | undefined;
  children: SummaryChapter[];
  /** Where the entry is written, for findings about it. */
  file: string;
  line: number;
}

export type SummaryItem = SummaryChapter | { kind: 'part'; title: string } | { kind: 'separator' };

/**
 * mdBook's SUMMARY.md grammar: an ignored `# Summary` title; unnumbered prefix chapters (links in
 * paragraphs) before the first list; numbered chapters as (nested) list items of links; `#` part
 * titles between lists; `---` separators; suffix chapters after the lists; `[Draft]()` has no page.
 * Anything else is reported on the vfile (rule `book-summary-*`) and skipped.
 */
export function parseSummary(file: VFile): SummaryItem[] {
  const tree: Root = parseMarkdown(file);
  const items: SummaryItem[] = [];
  const counter = { top: 0 };
  let sawList = false;
  tree.children.forEach((node, index) => {
    if (node.type === 'heading') {
      // The first `#` heading is the book's title line, the rest are part titles.
      if (index > 0 || node.depth !== 1) items.push({ kind: 'part', title: toString(node) });
    } else if (node.type === 'thematicBreak') {
      items.push({ kind: 'separator' });
    } else if (node.type === 'paragraph') {
      items.push(...unnumbered(node, file, sawList));
    } else if (node.type === 'list') {
      sawList = true;
      items.push(...numbered(node, file, [], counter));
    } else {
      unexpected(file, node, 'paragraph of links, a list of links, a `#` part title or `---`');
    }
  });
  return items;
}

/** Every chapter with a page, in reading order (depth first, the sidebar's order). */
export function chaptersInOrder(items: SummaryItem[]): SummaryChapter[] {
  const out: SummaryChapter[] = [];
  const walk = (c: SummaryChapter): void => {
    if (c.source) out.push(c);
    c.children.forEach(walk);
  };
  for (const item of items) if (item.kind === 'chapter') walk(item);
  return out;
}

function unnumbered(node: Paragraph, file: VFile, suffix: boolean): SummaryChapter[] {
  const chapters: SummaryChapter[] = [];
  for (const child of node.children) {
    if (child.type === 'link') chapters.push(chapter(toString(child), child.url, undefined, file, child));
    else if (child.type !== 'text' || child.value.trim() !== '') unexpected(file, child, `a link to a ${suffix ? 'suffix' : 'prefix'} chapter`);
  }
  return chapters;
}

function numbered(list: List, file: VFile, prefix: number[], counter: { top: number }): SummaryChapter[] {
  const chapters: SummaryChapter[] = [];
  let n = 0;
  for (const item of list.children) {
    const link = linkOf(item);
    if (!link) {
      unexpected(file, item, 'a list item holding one link `[Title](path.md)`');
      continue;
    }
    // Numbers run on across parts, as in mdBook: a part title does not restart them.
    n = prefix.length === 0 ? ++counter.top : n + 1;
    const path = [...prefix, n];
    const c = chapter(toString(link), link.url, `${path.join('.')}.`, file, link);
    const nested = item.children.find((child): child is List => child.type === 'list');
    if (nested) c.children = numbered(nested, file, path, counter);
    chapters.push(c);
  }
  return chapters;
}

function linkOf(item: ListItem) {
  const first = item.children[0];
  if (first?.type !== 'paragraph') return undefined;
  const link = first.children.find((c) => c.type === 'link');
  return link?.type === 'link' ? link : undefined;
}

function chapter(title: string, url: string, number: string | undefined, file: VFile, node: Link): SummaryChapter {
  const source = url.trim() === '' ? undefined : decodeURI(url);
  return { kind: 'chapter', title, source, number, children: [], file: file.path, line: node.position?.start.line ?? 0 };
}

function unexpected(file: VFile, node: RootContent | ListItem, expected: string): void {
  emit(file, `Unexpected ${node.type} in SUMMARY.md, expected ${expected}`, {
    place: node,
    ruleId: 'book-summary-syntax',
    source: 'book',
    hint: 'SUMMARY.md follows mdBook: `[Prefix](intro.md)`, `- [Chapter](chapter.md)` (indent to nest), `# Part`, `---`.',
  });
}

/**
 * Number the numbered chapters of several summaries read one after another (the hand-written
 * SUMMARY.md, then the generated chapters) as if they were one: `1.`, `1.1.`, ... in order.
 */
export function renumber(items: SummaryItem[]): SummaryItem[] {
  let top = 0;
  const walk = (c: SummaryChapter, prefix: number[], n: number): void => {
    const path = [...prefix, n];
    c.number = `${path.join('.')}.`;
    c.children.forEach((child, i) => walk(child, path, i + 1));
  };
  for (const item of items) if (item.kind === 'chapter' && item.number !== undefined) walk(item, [], ++top);
  return items;
}
