import type { Nodes, Parent, Root } from 'mdast';
import { walk } from './walk.ts';

/**
 * Raw HTML in a docs chapter is shown as text, never passed through: a `<script>` in a chapter or
 * a paragraph comes out as `&#x3C;script>`. Block HTML becomes a paragraph of its own text.
 */
export function escapeRawHtml(tree: Root): void {
  walk<Nodes>(tree, (node, index, parent) => {
    if (node.type !== 'html' || index === undefined || !parent) return;
    const text = { type: 'text' as const, value: node.value, position: node.position };
    const block = parent.type === 'root' || parent.type === 'blockquote' || parent.type === 'listItem';
    (parent as Parent).children[index] = block ? { type: 'paragraph', children: [text], position: node.position } : text;
  });
}
