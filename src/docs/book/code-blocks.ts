import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import type { VFile } from 'vfile';
import type { Diagrams } from '../../diagrams/diagram-key.ts';
import { diagramBlock } from '../../markdown/code-blocks.ts';

/**
 * Each top-level code block in a `.code-block`, the wrapper the entries' `copy-code.js` puts its
 * Copy button in; without the script the code reads and selects the same. The block takes focus,
 * as the entries' do: at 390 px a long line scrolls it, and the keyboard must reach that scroll
 * (axe's scrollable-region-focusable). A drawn diagram's block becomes its figure.
 */
export function codeBlocks(body: ElementContent[], file: VFile, diagrams?: Diagrams): ElementContent[] {
  return body.map((node) => (node.type === 'element' && node.tagName === 'pre' ? (diagramBlock(node, file, diagrams) ?? h('div.code-block', [{ ...node, properties: { ...node.properties, tabIndex: 0 } }])) : node));
}
