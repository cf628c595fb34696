import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { sha256 } from '../output/manifest.ts';
import { ENCODING, type EncodedImage, type Variant } from './encode-image.ts';

const variantSchema = z.object({ format: z.enum(['avif', 'webp', 'png', 'jpeg']), width: z.number(), height: z.number(), file: z.string() });
const metaSchema = z.object({ width: z.number(), height: z.number(), fallback: variantSchema, sources: z.array(variantSchema) });

/**
 * Encoded images on disk by the hash of the source's bytes and the encoding (options, libvips'
 * version): a warm build reads them back and encodes nothing. No directory: a memory-only cache.
 */
export class ImageCache {
  // Held between the builds of a `galley dev` session: a save of the text reads no image again.
  private readonly held = new Map<string, EncodedImage>();

  constructor(private readonly dir: string | undefined) {}

  key(bytesHash: string): string {
    return sha256(`${ENCODING}\0${bytesHash}`);
  }

  async get(key: string): Promise<EncodedImage | undefined> {
    const held = this.held.get(key);
    if (held || !this.dir) return held;
    const at = path.join(this.dir, key);
    try {
      const meta = metaSchema.parse(JSON.parse(await readFile(path.join(at, 'meta.json'), 'utf8')));
      const load = async ({ file, ...v }: z.infer<typeof variantSchema>): Promise<Variant> => ({ ...v, bytes: new Uint8Array(await readFile(path.join(at, file))) });
      const image = { width: meta.width, height: meta.height, fallback: await load(meta.fallback), sources: await Promise.all(meta.sources.map(load)) };
      this.held.set(key, image);
      return image;
    } catch {
      // Missing or damaged: encoded again and written anew.
      return undefined;
    }
  }

  /** Written whole into a temporary folder, then renamed into place: a reader never sees half of one. */
  async set(key: string, image: EncodedImage): Promise<void> {
    this.held.set(key, image);
    if (!this.dir) return;
    const at = path.join(this.dir, key);
    const tmp = path.join(this.dir, `.${key}.${randomBytes(4).toString('hex')}`);
    await mkdir(tmp, { recursive: true });
    const save = async (v: Variant, name: string) => {
      await writeFile(path.join(tmp, name), v.bytes);
      return { format: v.format, width: v.width, height: v.height, file: name };
    };
    const meta = {
      width: image.width,
      height: image.height,
      fallback: await save(image.fallback, `fallback.${image.fallback.format}`),
      sources: await Promise.all(image.sources.map((v, i) => save(v, `${i}.${v.format}`))),
    };
    await writeFile(path.join(tmp, 'meta.json'), JSON.stringify(meta));
    if (existsSync(at)) await rm(at, { recursive: true, force: true });
    await rename(tmp, at);
  }
}
