import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Root } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import type { Diagrams } from '../../diagrams/diagram-key.ts';
import { extractLinks, type OutgoingLink } from '../../links/extract-links.ts';
import { escapeRawHtml } from '../../markdown/escape-raw-html.ts';
import { assignHeadingIds } from '../../markdown/heading-ids.ts';
import { parseMarkdown } from '../../markdown/parse-markdown.ts';
import { codeBlocks } from './code-blocks.ts';
import { scrollTables } from './scroll-tables.ts';

/** One chapter through the site's Markdown pipeline: its HAST body and what the gates need. */
export interface RenderedChapter {
  body: ElementContent[];
  ids: string[];
  links: OutgoingLink[];
}

/** `chapter.md` → `chapter.html`, as mdBook does, so Markdown links work in the source and the book. */
export function htmlPath(source: string): string {
  return source.replace(/\.md$/i, '.html');
}

/**
 * Parse with the site's parser, give headings their Zola ids (without the editorial template's
 * section numbers), show raw HTML as text, point links at other chapters to their pages, and
 * give each table a scrolling region and each code block the copy button's wrapper; a diagram
 * block (drawn before, `diagrams`) becomes its drawing.
 */
export function renderChapter(file: VFile, diagrams?: Diagrams): RenderedChapter {
  const tree: Root = parseMarkdown(file);
  assignHeadingIds(tree, file, { numberSections: false });
  visit(tree, (node) => {
    if ((node.type === 'link' || node.type === 'definition') && !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(node.url)) {
      node.url = node.url.replace(/\.md(?=$|#)/i, '.html');
    }
  });
  const links = extractLinks(tree, file);
  escapeRawHtml(tree);
  const body = codeBlocks(scrollTables((toHast(tree) as HastRoot).children as ElementContent[]), file, diagrams);
  const ids: string[] = [];
  const collect = (node: ElementContent): void => {
    if (node.type !== 'element') return;
    if (typeof node.properties.id === 'string') ids.push(node.properties.id);
    (node as Element).children.forEach(collect);
  };
  body.forEach(collect);
  return { body, ids, links };
}
