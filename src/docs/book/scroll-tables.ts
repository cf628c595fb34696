import type { Element, ElementContent } from 'hast';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';

/**
 * Each top-level table in a scrolling region of its own, so a narrow screen scrolls the table
 * and not the page (identifiers in cells never wrap, book.css). The region is focusable, so a
 * keyboard can scroll it, and named by the heading above it and its columns.
 */
export function scrollTables(body: ElementContent[]): ElementContent[] {
  let heading = '';
  return body.map((node) => {
    if (node.type !== 'element') return node;
    if (/^h[1-6]$/.test(node.tagName)) heading = toString(node).trim();
    if (node.tagName !== 'table') return node;
    const columns = headerCells(node).map((cell) => toString(cell).trim()).filter(Boolean);
    const label = [heading, columns.join(', ')].filter(Boolean).join(': ') || 'table';
    return h('div.table-scroll', { role: 'region', tabIndex: 0, ariaLabel: label }, [node]);
  });
}

function headerCells(table: Element): Element[] {
  const head = table.children.find((c): c is Element => c.type === 'element' && c.tagName === 'thead');
  const row = head?.children.find((c): c is Element => c.type === 'element' && c.tagName === 'tr');
  return row ? row.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'th') : [];
}
