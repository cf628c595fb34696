import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { EntryResult } from '../build/process-entry.ts';
import type { Stamps, StampStore } from '../output/file-stamps.ts';
import type { Finding } from '../report/finding.ts';

/** An entry's result without its HTML: the page itself is the output file its stamp vouches for. */
export type EntryRecord = Omit<EntryResult, 'html'>;

/** A listing, feed or alias page without its text, for the same reason. */
export interface PageRecord {
  sha256: string;
  size: number;
  ids?: string[];
}

const FORMAT = 3;
const FILE = 'build.json';

// The outer shape is checked; records are galley's own JSON under keys that include galley's
// code fingerprint, so a record from another version is never looked up, let alone trusted.
const keyed = z.array(z.unknown());
const cacheFileSchema = z.object({
  format: z.literal(FORMAT),
  entries: keyed,
  pages: keyed,
  leak: keyed,
  stamps: z.record(z.string(), z.array(z.unknown())),
  sources: z.array(z.unknown()),
});

type StampRow = [string, string, number, string, string];

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
  /** Stamps of the entry sources: a file whose stat matches is known by its hash without a read. */
  private readonly sources: Stamps = new Map();
  readonly sourceStamps: StampStore = {
    get: (rel) => this.sources.get(rel),
    set: (rel, stamp) => {
      this.sources.set(rel, stamp);
      this.dirty = true;
    },
  };
  private dirty = false;

  private constructor(private readonly dir: string | undefined) {}

  /** The cache of `dir`, or a memory-only one (never saved) when `dir` is undefined. */
  static async open(dir: string | undefined): Promise<BuildCache> {
    const cache = new BuildCache(dir);
    if (!dir) return cache;
    const text = await readFile(path.join(dir, FILE), 'utf8').catch(() => undefined);
    const parsed = text === undefined ? undefined : cacheFileSchema.safeParse(safeJson(text));
    if (!parsed?.success) return cache;
    for (const [key, record] of parsed.data.entries as [string, EntryRecord][]) cache.entries.map.set(key, record);
    for (const [key, record] of parsed.data.pages as [string, PageRecord][]) cache.pages.map.set(key, record);
    for (const [key, findings] of parsed.data.leak as [string, Finding[]][]) cache.leaks.map.set(key, findings);
    for (const [out, rows] of Object.entries(parsed.data.stamps)) cache.outputs.set(out, fromRows(rows as StampRow[]));
    for (const [rel, stamp] of fromRows(parsed.data.sources as StampRow[])) cache.sources.set(rel, stamp);
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
    const stamps: Record<string, StampRow[]> = {};
    for (const [out, rows] of this.outputs) stamps[out] = toRows(rows);
    const text = JSON.stringify({ format: FORMAT, entries: this.entries.kept(), pages: this.pages.kept(), leak: this.leaks.kept(), stamps, sources: toRows(this.sources) });
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

const toRows = (stamps: Stamps): StampRow[] => [...stamps].map(([rel, s]) => [rel, s.sha256, s.size, s.ino, s.mtimeNs]);

// Rows of another shape (a hand-edited file) are dropped: a missing stamp only costs a read.
const fromRows = (rows: StampRow[]): Stamps =>
  new Map(
    rows
      .filter((r) => Array.isArray(r) && r.length === 5 && typeof r[2] === 'number' && r.every((v, i) => i === 2 || typeof v === 'string'))
      .map(([rel, sha256, size, ino, mtimeNs]) => [rel, { sha256, size, ino, mtimeNs }]),
  );

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
