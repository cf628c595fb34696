import sharp, { type Sharp } from 'sharp';

/** The raster formats the pipeline encodes; anything else (GIF, an animation) is copied as it is. */
export const RASTER = /\.(png|jpe?g|webp|avif)$/i;

/** One encoded file of an image: a `<source>`'s candidate, or the fallback in the original format. */
export interface Variant {
  format: 'avif' | 'webp' | 'png' | 'jpeg';
  width: number;
  height: number;
  bytes: Uint8Array;
}

export interface EncodedImage {
  /** As displayed (EXIF orientation applied): the `<img>`'s width and height. */
  width: number;
  height: number;
  /** The original format at full size, every tag stripped: served at the source's own path and as the fallback. */
  fallback: Variant;
  /** AVIF then WebP, each at every width, narrowest first. */
  sources: Variant[];
}

/**
 * Candidate widths for `srcset`: the 40rem column at 1×, 2× and 3× (a phone at 2× or 3× takes
 * 1280). 320 and 960 are left out: each AVIF width costs an encode, and they saved few bytes.
 */
const WIDTHS = [640, 1280, 1920];

/**
 * Fixed options, so the same bytes always encode to the same bytes (no timestamps: sharp writes
 * none, and without `keepMetadata`/`withMetadata` it drops EXIF, GPS, XMP and IPTC). AVIF at
 * effort 2, not libvips' 4: a 2400 px photo's AVIFs cost a tenth of the CPU (1.8 s instead of
 * 17 s at 1920 px) for files within 1 % of the size. WebP's effort 4 is its default, named so
 * that a change of default does not change the output.
 */
const OPTIONS = {
  avif: { quality: 55, effort: 2, chromaSubsampling: '4:2:0' },
  webp: { quality: 78, effort: 4, smartSubsample: false },
  jpeg: { quality: 82, mozjpeg: true },
  png: { compressionLevel: 9, adaptiveFiltering: false, palette: false },
} as const;

/** Bumped with any change above: part of the cache key. */
export const ENCODING = `2 ${sharp.versions.vips} ${JSON.stringify(OPTIONS)} ${WIDTHS.join(',')}`;

// One image at a time uses libvips' threads; two builds of the same input must not differ by
// the order in which a shared cache filled.
sharp.cache(false);

/** The widths an image is offered at: those below its own, then its own up to the largest. */
export function widthsFor(width: number): number[] {
  const below = WIDTHS.filter((w) => w < width);
  return width <= WIDTHS.at(-1)! ? [...below, width] : below;
}

/** Decode once, then the fallback and every `<source>` variant; throws on bytes sharp cannot read. */
export async function encodeImage(bytes: Uint8Array): Promise<EncodedImage> {
  const meta = await sharp(bytes).metadata();
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) throw new Error('no dimensions');
  const format = fallbackFormat(meta.format);
  const base = () => sharp(bytes).rotate();
  const fallback = await encode(base(), format, width, height, width);
  const sources: Variant[] = [];
  for (const f of ['avif', 'webp'] as const) {
    for (const w of widthsFor(width)) sources.push(await encode(base(), f, width, height, w));
  }
  return { width, height, fallback, sources };
}

/** An SVG's drawn size (its width and height, else its viewBox), when librsvg can tell. */
export async function svgSize(bytes: Uint8Array): Promise<{ width?: number; height?: number }> {
  try {
    const { width, height } = await sharp(bytes).metadata();
    return { width, height };
  } catch {
    return {};
  }
}

async function encode(image: Sharp, format: Variant['format'], width: number, height: number, w: number): Promise<Variant> {
  const resized = w === width ? image : image.resize({ width: w });
  const { data, info } = await resized.toFormat(format, OPTIONS[format]).toBuffer({ resolveWithObject: true });
  return { format, width: info.width, height: w === width ? height : info.height, bytes: new Uint8Array(data) };
}

/** The source's own format (sharp names AVIF `heif`). */
function fallbackFormat(format: string | undefined): Variant['format'] {
  if (format === 'heif') return 'avif';
  return format === 'jpeg' || format === 'webp' ? format : 'png';
}
