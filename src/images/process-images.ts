import path from 'node:path';
import { slugify } from '../markdown/slugify.ts';
import { sha256 } from '../output/manifest.ts';
import type { Finding } from '../report/finding.ts';
import { checkSvg } from './check-svg.ts';
import { encodeImage, RASTER, svgSize, type Variant } from './encode-image.ts';
import type { ImageCache } from './image-cache.ts';

/** What a page needs to show one image, by the image's root-relative source path. */
export interface ImageInfo {
  /** The source's hash and encoding: what an entry that shows it depends on. */
  key: string;
  /** The source file's size, for the size budget. */
  bytes: number;
  width?: number;
  height?: number;
  /** The fallback `<img src>`: a hashed name, served immutable. */
  src: string;
  /** `<source>`s: AVIF, then WebP. */
  sources: { type: string; srcset: string }[];
}

export type ImageTable = Record<string, ImageInfo>;

export interface ProcessedImages {
  table: ImageTable;
  /** Hashed output path → bytes. */
  assets: Map<string, Uint8Array>;
  /** Source path → the bytes its own output path gets instead: the fallback, every tag stripped. */
  stripped: Map<string, Uint8Array>;
  findings: Finding[];
  /** Images encoded by this build (the rest came from the cache). */
  encoded: number;
}

const MIME = { avif: 'image/avif', webp: 'image/webp', png: 'image/png', jpeg: 'image/jpeg' } as const;

/**
 * Every raster image and SVG among the files the site publishes (`public/` and bundles, by
 * root-relative path): rasters encoded once per content hash, SVGs checked and copied.
 */
export async function processImages(files: Map<string, Uint8Array>, cache: ImageCache): Promise<ProcessedImages> {
  const out: ProcessedImages = { table: {}, assets: new Map(), stripped: new Map(), findings: [], encoded: 0 };
  for (const [source, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const stem = slugify(path.posix.basename(source).replace(/\.[^.]*$/, '')) || 'image';
    const hash = sha256(bytes);
    if (/\.svg$/i.test(source)) {
      const findings = checkSvg(source, Buffer.from(bytes).toString('utf8'));
      out.findings.push(...findings);
      if (findings.length > 0) continue;
      const name = `assets/img/${stem}.${hash.slice(0, 8)}.svg`;
      out.assets.set(name, bytes);
      out.table[source] = { key: hash, bytes: bytes.length, ...(await svgSize(bytes)), src: `/${name}`, sources: [] };
      continue;
    }
    if (!RASTER.test(source)) continue;
    const key = cache.key(hash);
    let image = await cache.get(key);
    if (!image) {
      try {
        image = await encodeImage(bytes);
      } catch (error) {
        out.findings.push(unreadable(source, error));
        continue;
      }
      out.encoded++;
      await cache.set(key, image);
    }
    const add = (v: Variant, suffix: string) => {
      const name = `assets/img/${stem}${suffix}.${sha256(v.bytes).slice(0, 8)}.${v.format === 'jpeg' ? 'jpg' : v.format}`;
      out.assets.set(name, v.bytes);
      return `/${name}`;
    };
    const sources = (['avif', 'webp'] as const).map((format) => ({
      type: MIME[format],
      srcset: image.sources
        .filter((v) => v.format === format)
        .map((v) => `${add(v, `-${v.width}`)} ${v.width}w`)
        .join(', '),
    }));
    out.stripped.set(source, image.fallback.bytes);
    out.table[source] = { key, bytes: bytes.length, width: image.width, height: image.height, src: add(image.fallback, ''), sources };
  }
  return out;
}

function unreadable(file: string, error: unknown): Finding {
  return {
    file,
    line: 1,
    column: 1,
    ruleId: 'image-unreadable',
    severity: 'error',
    message: `Unexpected bytes that are not an image (${error instanceof Error ? error.message.split('\n')[0] : 'unknown'}), expected a PNG, JPEG, WebP or AVIF file`,
    hint: 'Export the image again, or give it the extension of its real format.',
    source: 'images',
  };
}
