import type { Element, Root as HastRoot } from 'hast';
import type { Root } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import type { VFile } from 'vfile';
import type { Config } from '../config/schema.ts';
import type { OutgoingLink } from '../links/extract-links.ts';
import type { Diagrams } from '../diagrams/diagram-key.ts';
import { renderCodeBlocks } from '../markdown/code-blocks.ts';
import { sanitizeHtml } from '../markdown/sanitize-html.ts';
import { footnoteOptions, takeFootnotes } from './footnotes.ts';
import { addHeadingAnchors } from './heading-anchors.ts';
import { renderImages, type ImageContext, type ImageDependency } from './picture.ts';

export interface RenderedBody {
  body: HastRoot;
  /** The GFM footnotes, for the template to place after the last section. */
  footnotes: Element | undefined;
  /** The links and images written in raw HTML, for the link gate (Markdown's are extracted before). */
  htmlLinks: OutgoingLink[];
  /** The images the body looked up, for the cache to know when the page is stale. */
  images: ImageDependency[];
}

/**
 * An entry's Markdown body (ids assigned) as HAST, its raw HTML sanitized, with the reading
 * aids: code blocks highlighted and captioned, diagrams drawn (`diagrams`, drawn before), a `#`
 * anchor on each heading, the notes set apart; its images as the image pipeline made them (the raw
 * HTML's too, once sanitized).
 */
export function renderBody(tree: Root, file: VFile, options: Config['markdown'], images: ImageContext, diagrams?: Diagrams): RenderedBody {
  const { tree: body, links: htmlLinks } = sanitizeHtml(toHast(tree, { ...footnoteOptions, allowDangerousHtml: true }) as HastRoot, file);
  renderCodeBlocks(body, file, { highlight: options.highlightCode, diagrams });
  const footnotes = takeFootnotes(body);
  addHeadingAnchors(body);
  return { body, footnotes, htmlLinks, images: renderImages(body, file, images) };
}
