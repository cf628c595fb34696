import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { EntryResult } from '../build/process-entry.ts';
import type { FileStamp, Stamps } from '../output/file-stamps.ts';
import type { Finding } from '../report/finding.ts';

/** An entry's result without its HTML: the page itself is the output file its stamp vouches for. */
export type EntryRecord = Omit<EntryResult, 'html'>;

/** A listing, feed or alias page without its text, for the same reason. */
export interface PageRecord {
  sha256: string;
  size: number;
  ids?: string[];
}

const FORMAT = 2;
const FILE = 'build.json';

// The outer shape is checked; records are galley's own JSON under keys that include galley's
// code fingerprint, so a record from another version is never looked up, let alone trusted.
const keyed = z.array(z.tuple([z.string(), z.unknown()]));
const cacheFileSchema = z.object({
  format: z.literal(FORMAT),
  entries: keyed,
  pages: keyed,
  leak: keyed,
  stamps: z.record(z.string(), z.array(z.tuple([z.string(), z.string(), z.number(), z.string(), z.string()]))),
});

/** Records by key, remembering which ones the builds since the last save used. */
class Keyed<T> {
  readonly map = new Map<string, T>();
  used = new Set<string>();
  changed = false;

  get(key: string): T | undefined {
    const value = this.map.get(key);
    if (value !== undefined) this.used.add(key);
    return value;
  }

  set(key: string, value: T): void {
    this.map.set(key, value);
    this.used.add(key);
    this.changed = true;
  }

  /** The used records, for the file: it does not grow with every edit. */
  kept(): [string, T][] {
    return [...this.map].filter(([key]) => this.used.has(key));
  }
}

/**
 * The build's content-hash cache under `.galley/cache/build.json`: entry results by the hash of
 * everything they depend on, listing pages by the hash of what they list, leak findings by file
 * hash, and stamps of what was written to each output directory. Safe to delete: a missing or
 * unreadable cache is an empty one.
 */
export class BuildCache {
  readonly entries = new Keyed<EntryRecord>();
  readonly pages = new Keyed<PageRecord>();
  readonly leaks = new Keyed<Finding[]>();
  private readonly outputs = new Map<string, Stamps>();
  private dirty = false;

  private constructor(private readonly dir: string | undefined) {}

  /** The cache of `dir`, or a memory-only one (never saved) when `dir` is undefined. */
  static async open(dir: string | undefined): Promise<BuildCache> {
    const cache = new BuildCache(dir);
    if (!dir) return cache;
    const text = await readFile(path.join(dir, FILE), 'utf8').catch(() => undefined);
    const parsed = text === undefined ? undefined : cacheFileSchema.safeParse(safeJson(text));
    if (!parsed?.success) return cache;
    for (const [key, record] of parsed.data.entries) cache.entries.map.set(key, record as EntryRecord);
    for (const [key, record] of parsed.data.pages) cache.pages.map.set(key, record as PageRecord);
    for (const [key, findings] of parsed.data.leak) cache.leaks.map.set(key, findings as Finding[]);
    for (const [out, rows] of Object.entries(parsed.data.stamps)) {
      cache.outputs.set(out, new Map(rows.map(([rel, sha256, size, ino, mtimeNs]) => [rel, { sha256, size, ino, mtimeNs }])));
    }
    return cache;
  }

  stamps(outKey: string): Stamps | undefined {
    return this.outputs.get(outKey);
  }

  setStamps(outKey: string, stamps: Stamps): void {
    this.outputs.set(outKey, stamps);
    this.dirty = true;
  }

  /** Write what the builds since the last save used, atomically; nothing when nothing changed. */
  async save(): Promise<void> {
    const stores = [this.entries, this.pages, this.leaks];
    if (!this.dir || !(this.dirty || stores.some((s) => s.changed))) return;
    const stamps: Record<string, [string, string, number, string, string][]> = {};
    for (const [out, rows] of this.outputs) stamps[out] = [...rows].map(([rel, s]: [string, FileStamp]) => [rel, s.sha256, s.size, s.ino, s.mtimeNs]);
    const text = JSON.stringify({ format: FORMAT, entries: this.entries.kept(), pages: this.pages.kept(), leak: this.leaks.kept(), stamps });
    const file = path.join(this.dir, FILE);
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(temp, text);
      await rename(temp, file);
    } catch {
      // A cache that cannot be written only makes the next build slower.
      await rm(temp, { force: true });
      return;
    }
    for (const store of stores) {
      store.used = new Set();
      store.changed = false;
    }
    this.dirty = false;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
