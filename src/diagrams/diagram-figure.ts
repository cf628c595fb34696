import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';

export interface DiagramFigureOptions {
  svg: Element;
  /** The source's language, named in the summary and the code's class. */
  language: string;
  source: string;
  /** What the picture shows, in a sentence: the SVG's accessible name. */
  label: string;
  caption?: ElementContent[] | undefined;
}

/**
 * A drawn diagram as a `<figure>`: the SVG named by `label` for assistive technology, the
 * caption, and the source in a closed `<details>` as the text alternative a reader can open
 * and copy. No script draws or styles it: the site's CSS colours it for light and dark.
 */
export function diagramFigure({ svg, language, source, label, caption }: DiagramFigureOptions): Element {
  const picture: Element = { ...svg, properties: { ...svg.properties, role: 'img', ariaLabel: label } };
  const details = h('details.diagram-source.code-block', [h('summary', `Diagram source (${language})`), h('pre', { tabIndex: 0 }, [h('code', { className: [`language-${language}`] }, source)])]);
  return h(`figure.diagram.diagram-${language}`, [h('div.diagram-drawing', [picture]), ...(caption ? [h('figcaption', caption)] : []), details]);
}
