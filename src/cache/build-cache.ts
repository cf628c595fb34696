import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { DrawnDiagram } from '../diagrams/diagram-key.ts';
import type { EntryResult } from '../pipeline/process-entry.ts';
import type { DirStamps, Stamps, StampStore } from '../output/file-stamps.ts';
import type { Manifest } from '../output/manifest.ts';
import type { Finding } from '../report/finding.ts';

/** An entry's result without its HTML: the page itself is the output file its stamp vouches for. */
export type EntryRecord = Omit<EntryResult, 'html'>;

/** A listing, feed or alias page without its text, for the same reason. */
export interface PageRecord {
  sha256: string;
  size: number;
  ids?: string[];
}

const FORMAT = 6;
const STATE = 'state.json';
const RECORDS = 'records.json';

// The outer shapes are checked; records are galley's own JSON under keys that include galley's
// code fingerprint, so a record from another version is never looked up, let alone trusted.
const stateSchema = z.object({
  format: z.literal(FORMAT),
  stamps: z.record(z.string(), z.array(z.unknown())),
  dirs: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
  sources: z.array(z.unknown()),
  last: z.record(z.string(), z.object({ fingerprint: z.string(), findings: z.array(z.unknown()), manifest: z.unknown() })),
});
const recordsSchema = z.object({ format: z.literal(FORMAT), entries: z.array(z.unknown()), pages: z.array(z.unknown()), leak: z.array(z.unknown()), diagrams: z.array(z.unknown()) });

type StampRow = [string, string, number, string, string];

/** What a passing build of one output directory saw and said: with the same inputs, the same. */
export interface LastBuild {
  /** Hash of every input of the build (see build-site.ts). */
  fingerprint: string;
  findings: Finding[];
  manifest: Manifest;
}

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
 * Entry results by the hash of everything they depend on, listing pages by the hash of what they
 * list, leak findings by file hash, drawn diagrams by the hash of their source.
 */
export class Records {
  readonly entries = new Keyed<EntryRecord>();
  readonly pages = new Keyed<PageRecord>();
  readonly leaks = new Keyed<Finding[]>();
  readonly diagrams = new Keyed<DrawnDiagram>();

  get stores(): Keyed<unknown>[] {
    return [this.entries, this.pages, this.leaks, this.diagrams];
  }
}

/**
 * The build's content-hash cache under `.galley/cache/`: `state.json` holds stamps of what was
 * written to each output directory and of the entry sources as read, and what the last passing
 * build of each output saw; `records.json`, read only when something changed, the results.
 * Safe to delete: a missing or unreadable cache is an empty one.
 */
export class BuildCache {
  private readonly outputs = new Map<string, Stamps>();
  private readonly dirs = new Map<string, DirStamps>();
  /** Stamps of the entry sources: a file whose stat matches is known by its hash without a read. */
  private readonly sources: Stamps = new Map();
  readonly sourceStamps: StampStore = {
    get: (rel) => this.sources.get(rel),
    set: (rel, stamp) => {
      this.sources.set(rel, stamp);
      this.dirty = true;
    },
  };
  private readonly last = new Map<string, LastBuild>();
  private loaded: Promise<Records> | undefined;
  private dirty = false;

  private constructor(private readonly dir: string | undefined) {}

  /** The cache of `dir`, or a memory-only one (never saved) when `dir` is undefined. */
  static async open(dir: string | undefined): Promise<BuildCache> {
    const cache = new BuildCache(dir);
    const state = dir && stateSchema.safeParse(await readJson(path.join(dir, STATE)));
    if (!state || !state.success) return cache;
    for (const [out, rows] of Object.entries(state.data.stamps)) cache.outputs.set(out, fromRows(rows as StampRow[]));
    for (const [out, rows] of Object.entries(state.data.dirs)) cache.dirs.set(out, new Map(rows));
    for (const [rel, stamp] of fromRows(state.data.sources as StampRow[])) cache.sources.set(rel, stamp);
    for (const [out, last] of Object.entries(state.data.last)) cache.last.set(out, last as LastBuild);
    return cache;
  }

  /** The results of earlier builds, read on first use. */
  records(): Promise<Records> {
    this.loaded ??= (async () => {
      const records = new Records();
      const data = this.dir && recordsSchema.safeParse(await readJson(path.join(this.dir, RECORDS)));
      if (!data || !data.success) return records;
      for (const [key, record] of data.data.entries as [string, EntryRecord][]) records.entries.map.set(key, record);
      for (const [key, record] of data.data.pages as [string, PageRecord][]) records.pages.map.set(key, record);
      for (const [key, findings] of data.data.leak as [string, Finding[]][]) records.leaks.map.set(key, findings);
      for (const [key, drawn] of data.data.diagrams as [string, DrawnDiagram][]) records.diagrams.map.set(key, drawn);
      return records;
    })();
    return this.loaded;
  }

  stamps(outKey: string): Stamps | undefined {
    return this.outputs.get(outKey);
  }

  /** The directory stamps taken with the file stamps, when the tree was swapped in whole. */
  dirStamps(outKey: string): DirStamps | undefined {
    return this.dirs.get(outKey);
  }

  /** `dirs` undefined: the tree was changed in place, and its directories were not stamped. */
  setStamps(outKey: string, stamps: Stamps, dirs?: DirStamps): void {
    this.outputs.set(outKey, stamps);
    if (dirs) this.dirs.set(outKey, dirs);
    else this.dirs.delete(outKey);
    this.dirty = true;
  }

  lastBuild(outKey: string): LastBuild | undefined {
    return this.last.get(outKey);
  }

  setLastBuild(outKey: string, last: LastBuild | undefined): void {
    if (last) this.last.set(outKey, last);
    else this.last.delete(outKey);
    this.dirty = true;
  }

  /** Write what changed, atomically; of the records only those the builds since the last save used. */
  async save(): Promise<void> {
    if (!this.dir) return;
    const records = this.loaded && (await this.loaded);
    if (records && records.stores.some((s) => s.changed)) {
      const { entries, pages, leaks, diagrams } = records;
      if (!(await writeAtomic(path.join(this.dir, RECORDS), JSON.stringify({ format: FORMAT, entries: entries.kept(), pages: pages.kept(), leak: leaks.kept(), diagrams: diagrams.kept() })))) return;
      for (const store of records.stores) {
        store.used = new Set();
        store.changed = false;
      }
    }
    // Output keys are root-relative (the cache lives in <root>/.galley/cache): an output directory
    // that is gone, a one-off `--out`, takes its stamps and last build along.
    const root = path.dirname(path.dirname(this.dir));
    for (const out of [...this.outputs.keys(), ...this.last.keys()]) {
      if (existsSync(path.resolve(root, out))) continue;
      this.outputs.delete(out);
      this.dirs.delete(out);
      this.last.delete(out);
      this.dirty = true;
    }
    if (!this.dirty) return;
    const stamps: Record<string, StampRow[]> = {};
    for (const [out, rows] of this.outputs) stamps[out] = toRows(rows);
    const dirs = Object.fromEntries([...this.dirs].map(([out, map]) => [out, [...map]]));
    if (await writeAtomic(path.join(this.dir, STATE), JSON.stringify({ format: FORMAT, stamps, dirs, sources: toRows(this.sources), last: Object.fromEntries(this.last) }))) this.dirty = false;
  }
}

/** A cache that cannot be written only makes the next build slower: false, nothing thrown. */
export async function writeAtomic(file: string, data: string | Uint8Array): Promise<boolean> {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temp, data);
    await rename(temp, file);
    return true;
  } catch {
    await rm(temp, { force: true });
    return false;
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

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}
