import type { Element, Nodes } from 'hast';
import { EXIT, visit } from 'unist-util-visit';

export interface FoundImage {
  src: string;
  alt: string;
  width?: number | undefined;
  height?: number | undefined;
}

// Link previews show raster images only: Facebook, X and Slack ignore an SVG `og:image`.
const UNSHAREABLE = /^data:|\.svg(?:[?#]|$)/i;

/** The first raster `<img>` of a rendered body (inside a `<picture>`, its fallback), whatever its src became. */
export function firstImage(tree: Nodes): FoundImage | undefined {
  let found: Element | undefined;
  visit(tree, 'element', (node: Element) => {
    const src = node.properties.src;
    if (node.tagName !== 'img' || typeof src !== 'string' || src === '' || UNSHAREABLE.test(src)) return;
    found = node;
    return EXIT;
  });
  if (!found) return undefined;
  const { src, alt, width, height } = found.properties;
  return { src: String(src), alt: typeof alt === 'string' ? alt : '', width: dimension(width), height: dimension(height) };
}

function dimension(value: unknown): number | undefined {
  const n = Number(value);
  return value !== undefined && value !== null && Number.isInteger(n) && n > 0 ? n : undefined;
}
