import type { Nodes, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { SKIP, walk } from '../markdown/walk.ts';

/**
 * A `#` link after every heading that has an id, so a reader can copy a link to the section.
 * It is a real link (keyboard reachable, shown on hover and focus by the CSS) and names its
 * target for screen readers, which would otherwise list a row of links all called “#”.
 */
export function addHeadingAnchors(tree: Root): void {
  walk<Nodes>(tree, (node) => {
    if (node.type !== 'element') return;
    // Headings are blocks: paragraphs, tables and code hold none.
    if (node.tagName === 'p' || node.tagName === 'table' || node.tagName === 'pre') return SKIP;
    if (!/^h[2-6]$/.test(node.tagName)) return;
    const id = node.properties.id;
    if (typeof id !== 'string' || id === '') return SKIP;
    const label = `Link to this section: ${toString(node).trim()}`;
    node.children.push({ type: 'text', value: ' ' }, h('a.heading-anchor', { href: `#${id}`, ariaLabel: label }, '#'));
    return SKIP;
  });
}
