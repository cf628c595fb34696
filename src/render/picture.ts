import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import type { VFile } from 'vfile';
import { bundleOf } from '../content/bundles.ts';
import type { ImageInfo, ImageTable } from '../images/process-images.ts';
import { linkTarget } from '../links/resolve-link.ts';
import { emit } from '../report/emit.ts';

export interface ImageContext {
  table: ImageTable;
  /** The page's URL and source: a relative `src` resolves against the one, a bundle's against the other. */
  pageUrl: string;
  source: string;
  /** `paths.public`, POSIX. */
  publicDir: string;
  /** Bytes over which an image is a warning. */
  budget: number;
}

/** An image path the page looked up, and the key it found ('' for none): the page is reused only while each is the same. */
export type ImageDependency = [source: string, key: string];

// The column: the body's measure (40rem) less nothing on a wide screen, the viewport less its padding on a phone.
const SIZES = '(max-width: 42.5rem) calc(100vw - 2.5rem), 40rem';

/**
 * Every local image of the body as the pipeline made it: hashed names, width and height (no
 * shift when it loads), a `<picture>` with AVIF and WebP at several widths, lazy loading after
 * the first image, and a title shown as the caption of a `<figure>`.
 */
export function renderImages(body: Root, file: VFile, images: ImageContext): ImageDependency[] {
  const deps: ImageDependency[] = [];
  let first = true;
  const visit = (parent: Root | Element) => {
    parent.children.forEach((node, i) => {
      if (node.type !== 'element') return;
      if (node.tagName !== 'img') return visit(node);
      const info = lookup(node, images, deps);
      if (info && info.bytes > images.budget) overBudget(file, node, info, images.budget);
      const img = info ? imgOf(node, info, first) : node;
      first = false;
      const shown: Element = info && info.sources.length > 0 ? h('picture', [...info.sources.map((s) => h('source', { type: s.type, srcSet: s.srcset, sizes: SIZES })), img]) : img;
      parent.children[i] = shown;
      const title = typeof node.properties.title === 'string' ? node.properties.title : undefined;
      if (title && parent.type === 'element' && parent.tagName === 'p' && onlyChild(parent, shown)) {
        delete img.properties.title;
        parent.tagName = 'figure';
        parent.children = [shown, h('figcaption', title)];
      }
    });
  };
  visit(body);
  return deps;
}

/** The image's entry in the table, through the page's bundle first, then `public/`. */
function lookup(node: Element, images: ImageContext, deps: ImageDependency[]): ImageInfo | undefined {
  const src = node.properties.src;
  if (typeof src !== 'string') return undefined;
  const target = linkTarget(src, images.pageUrl);
  if (target.kind === 'external') return undefined;
  const out = target.candidates[0]!;
  const dir = images.pageUrl.slice(1);
  const bundle = bundleOf(images.source);
  const candidates = [...(bundle && out.startsWith(dir) ? [`${bundle}/${out.slice(dir.length)}`] : []), path.posix.join(images.publicDir, out)];
  for (const c of candidates) {
    const info = images.table[c];
    deps.push([c, info?.key ?? '']);
    if (info) return info;
  }
  return undefined;
}

function imgOf(node: Element, info: ImageInfo, first: boolean): Element {
  const size = info.width && info.height ? { width: info.width, height: info.height } : {};
  const lazy = first ? {} : { loading: 'lazy', decoding: 'async' };
  return { ...node, properties: { ...node.properties, src: info.src, ...size, ...lazy } };
}

function onlyChild(parent: Element, child: ElementContent): boolean {
  return parent.children.every((c) => c === child || (c.type === 'text' && c.value.trim() === ''));
}

function overBudget(file: VFile, node: Element, info: ImageInfo, budget: number): void {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  emit(file, `Unexpected image of ${mb(info.bytes)} (\`${String(node.properties.src)}\`), expected at most ${mb(budget)}`, {
    place: node,
    ruleId: 'link-image-size',
    source: 'links',
    severity: 'warning',
    hint: 'Export it smaller (a screenshot as PNG at 1× or 2×, a photo as JPEG at 2,000 px), or raise `images.budget` in site.config.ts.',
  });
}
