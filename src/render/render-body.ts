import type { Element, Root as HastRoot } from 'hast';
import type { Root } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import type { VFile } from 'vfile';
import type { Config } from '../config/schema.ts';
import { renderCodeBlocks } from '../markdown/code-blocks.ts';
import { footnoteOptions, takeFootnotes } from './footnotes.ts';
import { addHeadingAnchors } from './heading-anchors.ts';

export interface RenderedBody {
  body: HastRoot;
  /** The GFM footnotes, for the template to place after the last section. */
  footnotes: Element | undefined;
}

/**
 * An entry's Markdown body (ids assigned, raw HTML escaped) as HAST with the reading aids:
 * code blocks highlighted and captioned, a `#` anchor on each heading, the notes set apart.
 */
export function renderBody(tree: Root, file: VFile, options: Config['markdown']): RenderedBody {
  const body = toHast(tree, footnoteOptions) as HastRoot;
  renderCodeBlocks(body, file, { highlight: options.highlightCode });
  const footnotes = takeFootnotes(body);
  addHeadingAnchors(body);
  return { body, footnotes };
}
