import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/load-config.ts';
import { listEntrySources, readEntrySource, type EntrySource } from '../content/load-entries.ts';
import { readProvenance } from '../output/provenance.ts';
import type { Provenance, SiteAssets } from '../render/render-context.ts';
import { siteAssets } from '../render/site-assets.ts';
import type { Finding } from '../report/finding.ts';
import { pinsSchema, readPinsText, type Pins } from '../vendor/pins.ts';

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
  publicFiles: Map<string, Uint8Array>;
  /** Entry sources by root-relative path; a file that is not UTF-8 is a finding instead. */
  entries: Map<string, EntrySource | Finding>;
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
  ) {}

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
    if (under(config.paths.public).length > 0) next.publicFiles = await readPublic(root, config.paths.public);
    const content = under(config.paths.content);
    if (content.length > 0) next.entries = await refreshEntries(root, config.paths.content, last.entries, content);
    return next;
  }

  private async readAll(): Promise<ProjectInputs> {
    const loaded = await loadConfig(this.root);
    const { root, config } = loaded;
    const [provenance, assets, publicFiles, entries] = await Promise.all([
      readProvenance(root, this.env),
      readAssets(root, config.paths.templates, config.paths.vendor),
      readPublic(root, config.paths.public),
      readEntries(root, config.paths.content),
    ]);
    return { loaded, provenance, ...assets, publicFiles, entries };
  }
}

async function readAssets(root: string, templatesDir: string, vendorDir: string): Promise<Pick<ProjectInputs, 'pins' | 'pinsText' | 'assets' | 'assetFiles'>> {
  const pinsText = await readPinsText(path.join(root, vendorDir));
  const pins = parsePins(pinsText);
  const { assets, files } = await siteAssets(root, templatesDir, vendorDir, pins);
  return { pins, pinsText, assets, assetFiles: files };
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

/** Regular files under `public/` (symlinks are not followed), by POSIX path relative to it. */
async function readPublic(root: string, publicDir: string): Promise<Map<string, Uint8Array>> {
  const dir = path.join(root, publicDir);
  const found = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const rels = found.filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
  const files = await Promise.all(rels.sort().map(async (rel) => [rel, await readFile(path.join(dir, rel))] as const));
  return new Map(files);
}

async function readEntries(root: string, contentDir: string): Promise<Map<string, EntrySource | Finding>> {
  const sources = await listEntrySources(root, contentDir);
  return new Map(await Promise.all(sources.map(async (s) => [s, await readEntrySource(root, s)] as const)));
}

/** Re-read the saved `.md` files only; anything else under content/ (a renamed folder) re-reads all. */
async function refreshEntries(root: string, contentDir: string, last: Map<string, EntrySource | Finding>, changed: string[]): Promise<Map<string, EntrySource | Finding>> {
  const entriesDir = path.join(root, contentDir, 'entries');
  if (!changed.every((p) => p.endsWith('.md') && isInside(p, entriesDir))) return readEntries(root, contentDir);
  const next = new Map(last);
  for (const abs of changed) {
    const source = path.relative(root, abs).split(path.sep).join('/');
    const read = await readEntrySource(root, source).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (read) next.set(source, read);
    else next.delete(source);
  }
  return next;
}

function isInside(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir + path.sep);
}
