import type { ElementContent } from 'hast';

/**
 * Cut highlighted code into its lines. A token that spans lines (a block string, a comment)
 * is closed at each newline and reopened on the next line with the same classes, so each
 * line can be wrapped on its own. The newlines themselves are dropped.
 */
export function splitLines(nodes: readonly ElementContent[]): ElementContent[][] {
  const lines: ElementContent[][] = [[]];
  const append = (pieces: ElementContent[][], wrap: (children: ElementContent[]) => ElementContent[]) => {
    pieces.forEach((piece, i) => {
      if (i > 0) lines.push([]);
      if (piece.length > 0) lines.at(-1)!.push(...wrap(piece));
    });
  };
  for (const node of nodes) {
    if (node.type === 'text') {
      append(node.value.split('\n').map((value) => (value ? [{ type: 'text', value }] : [])), (c) => c);
    } else if (node.type === 'element') {
      append(splitLines(node.children), (children) => [{ ...node, children }]);
    }
  }
  return lines;
}
