import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/load-config.ts';
import { listBundleFiles, type BundleFile } from '../content/bundles.ts';
import { listContentSources, readEntrySource } from '../content/load-entries.ts';
import { matchesStamp, stampOf, type StampStore } from '../output/file-stamps.ts';
import { listTree } from '../output/list-tree.ts';
import { sha256 } from '../output/manifest.ts';
import { readProvenance } from '../output/provenance.ts';
import type { Provenance, SiteAssets } from '../render/render-context.ts';
import { siteAssets } from '../render/site-assets.ts';
import type { Finding } from '../report/finding.ts';
import { pinsSchema, readPinsText, type Pins } from '../pins/pins.ts';
import { vendorDir } from '../pins/vendor-dir.ts';

/** Everything a build reads from the project, held between builds by `galley dev`. */
export interface ProjectInputs {
  loaded: LoadedConfig;
  provenance: Provenance;
  pins: Pins | undefined;
  pinsText: string | undefined;
  assets: SiteAssets;
  /** Hashed asset path → bytes (the site's CSS, icon, scripts and htmx). */
  assetFiles: Map<string, Uint8Array>;
  /** `public/` files by output path, copied as they are. */
  publicFiles: Map<string, HashedFile>;
  /** The files of entry and page bundles by root-relative path, copied beside their page. */
  bundleFiles: Map<string, BundledFile>;
  /** Hash of every file under `vendor/` (the vendor gate checks them all). */
  vendorHash: string;
  /** Entry and page sources by root-relative path; a file that is not UTF-8 is a finding instead. */
  entries: Map<string, KnownSource | Finding>;
}

/** A file's bytes with their sha256, hashed once when read. */
export interface HashedFile {
  bytes: Uint8Array;
  sha256: string;
}

export type BundledFile = HashedFile & BundleFile;

/**
 * An entry source known by the hash of its text; the text itself only when it was read (a file
 * whose stat matches its stamp in the cache is not: its page is most likely in the cache too).
 */
export interface KnownSource {
  source: string;
  sha256: string;
  text?: string;
}

/**
 * Reads the project, then on each later call only what the changed paths touch: one entry file
 * for a saved entry, the assets for a template or vendor change, everything for a config change.
 * The source commit is read with the config: a commit during `galley dev` shows at its next
 * config change (dev output is never published).
 */
export class ProjectReader {
  private inputs: ProjectInputs | undefined;

  constructor(
    private readonly root: string,
    private readonly env: NodeJS.ProcessEnv | undefined,
    /** Stamps of the sources as last read, kept by the build cache. */
    private readonly stamps: StampStore = new Map(),
  ) {}

  /** The text of a source known only by its stamp (the cache had no page for it after all). */
  async load(source: string): Promise<KnownSource | Finding> {
    return readKnown(this.root, source, this.stamps);
  }

  /** `changed`: absolute paths changed since the last read; undefined = read everything. */
  async read(changed?: readonly string[]): Promise<ProjectInputs> {
    try {
      return (this.inputs = await this.update(changed));
    } catch (error) {
      // After a failed read nothing held is trusted: the next build reads the whole project.
      this.inputs = undefined;
      throw error;
    }
  }

  private async update(changed: readonly string[] | undefined): Promise<ProjectInputs> {
    const last = this.inputs;
    if (!last || !changed) return this.readAll();
    const { root, config } = last.loaded;
    const under = (dir: string) => changed.filter((p) => isInside(p, path.join(root, dir)));
    if (changed.includes(path.join(root, 'site.config.ts'))) return this.readAll();
    const next = { ...last };
    if (under(config.paths.templates).length > 0 || under(config.paths.vendor).length > 0) Object.assign(next, await readAssets(root, config.paths.templates, config.paths.vendor));
    if (under(config.paths.public).length > 0) next.publicFiles = await readFiles(root, config.paths.public);
    const content = under(config.paths.content);
    if (content.length > 0) next.entries = await this.refreshEntries(config.paths.content, last.entries, content);
    if (content.some((p) => !p.endsWith('.md'))) next.bundleFiles = await readBundleFiles(root, config.paths.content);
    return next;
  }

  private async readAll(): Promise<ProjectInputs> {
    const loaded = await loadConfig(this.root);
    const { root, config } = loaded;
    const [provenance, assets, publicFiles, bundleFiles, entries] = await Promise.all([
      readProvenance(root, this.env, buildInputs(loaded)),
      readAssets(root, config.paths.templates, config.paths.vendor),
      readFiles(root, config.paths.public),
      readBundleFiles(root, config.paths.content),
      this.readEntries(config.paths.content),
    ]);
    return { loaded, provenance, ...assets, publicFiles, bundleFiles, entries };
  }

  private async readEntries(contentDir: string): Promise<Map<string, KnownSource | Finding>> {
    const sources = await listContentSources(this.root, contentDir);
    const known = sources.map((source): [string, KnownSource | Finding | undefined] => {
      const stamp = this.stamps.get(source);
      const st = statSync(path.join(this.root, ...source.split('/')), { bigint: true, throwIfNoEntry: false });
      return [source, matchesStamp(st, stamp) ? { source, sha256: stamp.sha256 } : undefined];
    });
    return new Map(await Promise.all(known.map(async ([source, k]) => [source, k ?? (await readKnown(this.root, source, this.stamps))] as const)));
  }

  /** Re-read the saved `.md` files only; anything else under content/ (a renamed folder) re-reads all. */
  private async refreshEntries(contentDir: string, last: Map<string, KnownSource | Finding>, changed: string[]): Promise<Map<string, KnownSource | Finding>> {
    const dirs = ['entries', 'pages'].map((kind) => path.join(this.root, contentDir, kind));
    if (!changed.every((p) => p.endsWith('.md') && dirs.some((dir) => isInside(p, dir)))) return this.readEntries(contentDir);
    const next = new Map(last);
    for (const abs of changed) {
      const source = path.relative(this.root, abs).split(path.sep).join('/');
      const read = await readKnown(this.root, source, this.stamps).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (read) next.set(source, read);
      else next.delete(source);
    }
    return next;
  }
}

async function readAssets(root: string, templatesDir: string, vendorRel: string): Promise<Pick<ProjectInputs, 'pins' | 'pinsText' | 'assets' | 'assetFiles' | 'vendorHash'>> {
  const vendor = vendorDir(root, vendorRel);
  const pinsText = await readPinsText(vendor);
  const pins = parsePins(pinsText);
  const { assets, files } = await siteAssets(root, templatesDir, vendor, pins);
  const vendorFiles = await readFiles(vendor, '.');
  // Whose folder it is belongs in the hash (a project's own vendor/ made later is a change), but
  // not where it lies: `galley verify` rebuilds in another directory and must get the same hash.
  const whose = vendor === path.join(root, vendorRel) ? vendorRel : 'galley';
  const vendorHash = sha256(JSON.stringify([whose, ...[...vendorFiles].map(([rel, file]) => [rel, file.sha256])]));
  return { pins, pinsText, assets, assetFiles: files, vendorHash };
}

function parsePins(text: string | undefined): Pins | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = pinsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Regular files under a directory (symlinks are not followed), by POSIX path relative to it. */
async function readFiles(root: string, dirRel: string): Promise<Map<string, HashedFile>> {
  const dir = path.join(root, dirRel);
  const rels = await listTree(dir).catch(() => []);
  return new Map(
    await Promise.all(
      rels.map(async (rel) => {
        const bytes = await readFile(path.join(dir, rel));
        return [rel, { bytes, sha256: sha256(bytes) }] as const;
      }),
    ),
  );
}

/** Every bundle's files with their bytes (a bundle is written for its few images, so all are read). */
async function readBundleFiles(root: string, contentDir: string): Promise<Map<string, BundledFile>> {
  const listed = await listBundleFiles(root, contentDir);
  return new Map(
    await Promise.all(
      [...listed].map(async ([rel, at]) => {
        const bytes = await readFile(path.join(root, ...rel.split('/')));
        return [rel, { ...at, bytes, sha256: sha256(bytes) }] as const;
      }),
    ),
  );
}

/** Read one source, hash its text and stamp the file as read (stat'ed first: a later write shows). */
async function readKnown(root: string, source: string, stamps: StampStore): Promise<KnownSource | Finding> {
  const abs = path.join(root, ...source.split('/'));
  const st = statSync(abs, { bigint: true });
  const read = await readEntrySource(root, source);
  if ('ruleId' in read) return read;
  const known = { ...read, sha256: sha256(read.text) };
  stamps.set(source, stampOf(st, known.sha256));
  return known;
}

/** What a build reads, for the provenance's dirty check: every configured path but the output, and the config. */
function buildInputs({ config, file }: LoadedConfig): string[] {
  const { output: _output, ...read } = config.paths;
  return [...Object.values(read), file ?? 'site.config.ts'];
}

function isInside(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir + path.sep);
}
