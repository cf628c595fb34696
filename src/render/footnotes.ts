import type { Element, Root } from 'hast';
import type { Options } from 'mdast-util-to-hast';

/** How GFM footnotes are rendered: a visible “Notes” heading; back-references come by default. */
export const footnoteOptions: Options = {
  footnoteLabel: 'Notes',
  footnoteLabelProperties: { className: ['footnotes-label'] },
};

/**
 * Take the footnotes section (appended to the body by mdast-util-to-hast) out of the body, so
 * the template can place it after the last section instead of inside the concrete action.
 */
export function takeFootnotes(body: Root): Element | undefined {
  const index = body.children.findIndex((n) => n.type === 'element' && n.tagName === 'section' && n.properties.dataFootnotes !== undefined);
  if (index < 0) return undefined;
  return body.children.splice(index, 1)[0] as Element;
}
