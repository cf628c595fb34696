import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { z } from 'zod';
import { writeAtomic } from '../cache/build-cache.ts';

/** The output files of one Pagefind index, by path under its directory. */
export type IndexFiles = Map<string, Uint8Array>;

const filesSchema = z.map(z.string(), z.instanceof(Uint8Array));

/**
 * Built search indexes by the key of their pages (see search-index.ts), one file each under the
 * build cache's `search/`: a warm build copies the indexes whose pages are unchanged and builds
 * the others. Held in memory too, for the rebuilds of `galley dev`. No directory: memory only.
 */
export class IndexStore {
  private held = new Map<string, IndexFiles>();

  constructor(private readonly dir: string | undefined) {}

  async get(key: string): Promise<IndexFiles | undefined> {
    const held = this.held.get(key);
    if (held || !this.dir) return held;
    try {
      const files = filesSchema.parse(deserialize(await readFile(path.join(this.dir, key))));
      this.held.set(key, files);
      return files;
    } catch {
      // Missing or damaged: built again and written anew.
      return undefined;
    }
  }

  /** A store that cannot be written only makes the next build slower. */
  async set(key: string, files: IndexFiles): Promise<void> {
    this.held.set(key, files);
    if (this.dir) await writeAtomic(path.join(this.dir, key), serialize(files));
  }

  /** Only the indexes of the latest build are kept: the store does not grow with every edit. */
  async keepOnly(keys: ReadonlySet<string>): Promise<void> {
    this.held = new Map([...this.held].filter(([key]) => keys.has(key)));
    if (!this.dir) return;
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => !keys.has(n)).map((n) => rm(path.join(this.dir!, n), { force: true })));
  }
}
