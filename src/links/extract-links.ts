import type { Nodes, Root } from 'mdast';
import { walk } from '../markdown/walk.ts';
import type { VFile } from 'vfile';
import { emit } from '../report/emit.ts';

/** An outgoing reference of a page, with where it is written in the source. */
export interface OutgoingLink {
  url: string;
  kind: 'link' | 'image';
  line: number;
  column: number;
}

/**
 * Every link, image and link definition of an entry, as plain data for the link gate; and,
 * here because it needs only the one file, an image without alt text is reported.
 */
export function extractLinks(tree: Root, file: VFile): OutgoingLink[] {
  const links: OutgoingLink[] = [];
  walk<Nodes>(tree, (node) => {
    if (node.type !== 'link' && node.type !== 'image' && node.type !== 'definition') return;
    const start = node.position?.start ?? { line: 0, column: 0 };
    links.push({ url: node.url, kind: node.type === 'image' ? 'image' : 'link', line: start.line, column: start.column });
    if (node.type === 'image' && !node.alt?.trim()) {
      emit(file, `Unexpected image \`${node.url}\` without alt text, expected a description`, {
        place: node,
        ruleId: 'link-image-alt',
        source: 'links',
        hint: 'Write what the image shows inside the brackets: `![a diagram of the deploy path](...)`.',
      });
    }
  });
  return links;
}
