import type { ElementContent } from 'hast';
import { h } from 'hastscript';

/**
 * Each top-level code block in a `.code-block`, the wrapper the entries' `copy-code.js` puts its
 * Copy button in; without the script the code reads and selects the same.
 */
export function codeBlocks(body: ElementContent[]): ElementContent[] {
  return body.map((node) => (node.type === 'element' && node.tagName === 'pre' ? h('div.code-block', [node]) : node));
}
