import type { Heading, Nodes, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

export interface BodyHeading {
  depth: number;
  /** The heading's text as Zola slugifies it (text and code, no HTML, no `{#id}`). */
  text: string;
  /** The text galley slugifies (`mdast-util-to-string`, inline HTML included). */
  galleyText: string;
  explicitId: string | undefined;
  line: number;
  /** Offsets of the heading in the body; a setext heading is underlined, not marked with `#`. */
  start: number;
  end: number;
  setext: boolean;
  /** Offset just past the heading's text on its line, where a `{#id}` would go. */
  idOffset: number;
}

export interface BodyLink {
  kind: 'link' | 'image' | 'definition';
  url: string;
  /** Offsets of the URL itself in the body. */
  start: number;
  end: number;
  /** Offsets of the whole link, image or definition, and of a link's text. */
  node: { start: number; end: number };
  text: { start: number; end: number } | undefined;
  alt: string;
  line: number;
  column: number;
}

export interface BodyOutline {
  tree: Root;
  headings: BodyHeading[];
  /** Every link, image and definition (Zola's internal `@/...` links among them). */
  links: BodyLink[];
  /** `id` and `name` attributes written in raw HTML: anchors too, for Zola's check. */
  htmlIds: string[];
  /** Blocks before the first `##` (the lede, in galley's template). */
  lede: RootContent[];
  /** The `<!-- more -->` marker, if any. */
  more: { start: number; end: number } | undefined;
}

// pulldown-cmark's heading attributes, as Zola reads them: `## Title {#id .class}`.
const HEADING_ATTRS = /\s*\{([^{}]*)\}\s*$/;
const MORE = /^<!--\s*more\s*-->$/i;
const HTML_ID = /\s(?:id|name)\s*=\s*["']?([^"'\s>]+)/gi;
const HTML_IMG = /<img\b[^>]*>/gi;
const HTML_A = /<a\b[^>]*>/gi;
const attribute = (tag: string, name: string): RegExpExecArray | null => new RegExp(`\\s${name}\\s*=\\s*(["'])(.*?)\\1`, 'i').exec(tag);

const parser = unified().use(remarkParse).use(remarkGfm);

/** Parse a Markdown body once and pull out what the import checks and rewrites. */
export function analyzeBody(body: string): BodyOutline {
  const tree = parser.parse(body) as Root;
  const headings: BodyHeading[] = [];
  const links: BodyLink[] = [];
  const htmlIds: string[] = [];
  let more: BodyOutline['more'];

  visit(tree, (node: Nodes) => {
    if (node.type === 'heading') headings.push(readHeading(node, body));
    if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && node.position) {
      const start = node.position.start.offset!;
      const end = node.position.end.offset!;
      const slice = body.slice(start, end);
      // The URL as written (escapes and entities decoded by the parser are not found: left alone).
      const found = node.type === 'link' ? slice.lastIndexOf(`](${node.url}`) : slice.lastIndexOf(node.url);
      const at = found < 0 ? -1 : start + found + (node.type === 'link' ? 2 : 0);
      const kids = node.type === 'link' ? node.children : [];
      const text = kids.length > 0 ? { start: kids[0]!.position!.start.offset!, end: kids.at(-1)!.position!.end.offset! } : undefined;
      const alt = node.type === 'image' ? (node.alt ?? '') : '';
      if (at >= 0) links.push({ kind: node.type, url: node.url, start: at, end: at + node.url.length, node: { start, end }, text, alt, line: node.position.start.line, column: node.position.start.column });
    }
    if (node.type === 'html') {
      if (MORE.test(node.value.trim()) && node.position && !more) more = { start: node.position.start.offset!, end: node.position.end.offset! };
      for (const m of node.value.matchAll(HTML_ID)) htmlIds.push(m[1]!);
      if (node.position) links.push(...htmlLinks(node.value, node.position.start.offset!, body));
    }
  });

  const firstSection = tree.children.findIndex((n) => n.type === 'heading' && n.depth === 2);
  const lede = firstSection < 0 ? tree.children : tree.children.slice(0, firstSection);
  return { tree, headings, links, htmlIds, lede, more };
}

/**
 * The `<img src>` and `<a href>` of raw HTML, which the build passes through its allowlist and
 * link-checks like Markdown's: so the import moves and checks them too (a missing image becomes
 * its alt text; a link to nothing loses its opening tag, and its text stays).
 */
function htmlLinks(html: string, offset: number, body: string): BodyLink[] {
  const found = (pattern: RegExp, name: string, kind: 'image' | 'link'): BodyLink[] =>
    [...html.matchAll(pattern)].flatMap((m) => {
      const value = attribute(m[0], name);
      if (!value) return [];
      const start = offset + m.index + value.index + value[0].indexOf(value[1]!) + 1;
      const node = { start: offset + m.index, end: offset + m.index + m[0].length };
      const before = body.slice(0, node.start);
      const line = before.split('\n').length;
      return [{ kind, url: value[2]!, start, end: start + value[2]!.length, node, text: undefined, alt: kind === 'image' ? (attribute(m[0], 'alt')?.[2] ?? '') : '', line, column: node.start - before.lastIndexOf('\n') }];
    });
  return [...found(HTML_IMG, 'src', 'image'), ...found(HTML_A, 'href', 'link')].sort((a, b) => a.start - b.start);
}

function readHeading(node: Heading, body: string): BodyHeading {
  let text = toString(node, { includeHtml: false });
  let galleyText = toString(node);
  let explicitId: string | undefined;
  const attrs = HEADING_ATTRS.exec(text);
  if (attrs) {
    const id = /(?:^|\s)#([^\s.#]+)/.exec(attrs[1]!);
    explicitId = id?.[1];
    text = text.slice(0, attrs.index);
    galleyText = galleyText.replace(HEADING_ATTRS, '');
  }
  const lineEnd = body.indexOf('\n', node.position!.start.offset!);
  const lineText = body.slice(node.position!.start.offset!, lineEnd < 0 ? body.length : lineEnd);
  const setext = !/^ {0,3}#/.test(lineText);
  const closing = setext ? /\s*$/.exec(lineText)! : /\s*#*\s*$/.exec(lineText)!; // an ATX heading may end in `#`s
  return {
    depth: node.depth,
    text: text.trim(),
    galleyText: galleyText.trim(),
    explicitId,
    line: node.position!.start.line,
    start: node.position!.start.offset!,
    end: node.position!.end.offset!,
    setext,
    idOffset: node.position!.start.offset! + closing.index,
  };
}
