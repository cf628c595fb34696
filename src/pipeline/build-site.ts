import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BuildCache } from '../cache/build-cache.ts';
import { codeFingerprint } from '../cache/code-fingerprint.ts';
import { ImageCache } from '../images/image-cache.ts';
import { IndexStore } from '../search/index-store.ts';
import { processImages } from '../images/process-images.ts';
import type { EntrySource } from '../content/load-entries.ts';
import { drawDiagrams } from '../diagrams/draw-diagrams.ts';
import { findDiagrams } from '../diagrams/find-diagrams.ts';
import { unchangedChecker } from '../output/file-stamps.ts';
import { MANIFEST_PATH, serializeManifest, sha256, type Manifest } from '../output/manifest.ts';
import { manifestOf } from '../output/write-manifest.ts';
import { isCurrent, swapInPlan, updateInPlace, type OutputPlan, type Staged } from '../output/materialize.ts';
import { createStaging, removeStaging, writeOutput } from '../output/staging.ts';
import type { Provenance, RenderContext } from '../render/render-context.ts';
import { compareFindings, hasErrors, type Finding } from '../report/finding.ts';
import { CardStore } from '../sharing/card-store.ts';
import type { Gate } from './gate.ts';
import { planOutputs, type PlannedTree } from './plan-outputs.ts';
import { planSearch } from './plan-search.ts';
import { leakMemoKey } from './leak-memo.ts';
import { timed, timedAsync, writePhaseTimes } from './phase-times.ts';
import type { EntryResult } from './process-entry.ts';
import { ProjectReader, type HashedFile, type KnownSource, type ProjectInputs } from './project-inputs.ts';
import { renderEntries } from './render-entries.ts';

export interface BuildOptions {
  root: string;
  /** Build draft entries too. */
  drafts?: boolean;
  /** Output directory; default the config's `paths.output` under the root. */
  outDir?: string;
  /** false = check only: run every gate and write nothing. */
  write?: boolean;
  /** Worker threads for the per-entry work; default by corpus size (see render-entries.ts). */
  workers?: number;
  /** The gates to run; default every gate of `gates.ts`. */
  gates?: Gate[];
  /** Read and write the content-hash cache under `.galley/cache` (default true). */
  cache?: boolean;
  /** Build the search index (default: the config's `search.enabled`); a caller that only wants the pages' findings skips it. */
  search?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface BuildResult {
  findings: Finding[];
  ok: boolean;
  outDir: string;
  manifest?: Manifest;
  /** Entries rendered anew and taken from the cache; output files written (the rest were kept); cards drawn; images encoded (the rest came from the cache); search indexes built and taken from the cache. */
  stats: { rendered: number; reused: number; written: number; cards: number; encoded?: number; search?: { built: number; reused: number } };
}

/** A build that can run again: `galley dev` keeps one and tells it which paths changed. */
export interface Builder {
  /** `changed`: absolute paths changed since the last build; undefined = read the whole project. */
  build(changed?: readonly string[]): Promise<BuildResult>;
  /** Write the cache to disk (a one-shot build does it itself). */
  save(): Promise<void>;
}

/**
 * load → parse → validate → render → gate → write (design §4), incrementally: an entry whose
 * source, render context and galley are unchanged is taken from the cache, and an output file
 * whose bytes are unchanged is kept. Nothing is written unless every gate passes; then a new
 * tree is swapped in whole, or (`inPlace`, for `galley dev` after its first build) the changed
 * files are renamed into the served tree. Configuration errors throw a GalleyError (exit 2).
 */
export async function createBuilder(options: BuildOptions & { inPlace?: boolean }): Promise<Builder> {
  const root = path.resolve(options.root);
  const cacheDir = (options.cache ?? true) ? path.join(root, '.galley', 'cache') : undefined;
  const cache = await BuildCache.open(cacheDir);
  const cards = new CardStore(cacheDir && path.join(cacheDir, 'cards'));
  const reader = new ProjectReader(root, options.env, cache.sourceStamps);
  const imageCache = new ImageCache(cacheDir && path.join(cacheDir, 'images'));
  const searchStore = new IndexStore(cacheDir && path.join(cacheDir, 'search'));
  let built = false;

  const build = async (changed?: readonly string[]): Promise<BuildResult> => {
    const inputs = await timedAsync('read', () => reader.read(changed));
    const { config } = inputs.loaded;
    const outDir = path.resolve(root, options.outDir ?? config.paths.output);
    const outKey = path.relative(root, outDir) || '.';
    const write = options.write ?? true;
    const drafts = options.drafts ?? false;
    const ctx: RenderContext = { config, assets: inputs.assets, provenance: inputs.provenance, drafts };
    const stamps = cache.stamps(outKey);
    const dirs = cache.dirStamps(outKey);
    const unchanged = unchangedChecker(outDir, stamps, options.inPlace && built);
    const salt = sha256(`${codeFingerprint()}\0${JSON.stringify(ctx)}`);
    const keyOf = (s: KnownSource) => sha256(`${salt}\0${s.source}\0${s.sha256}`);

    // Every input the same as for the output that is there, untouched: that build's answer holds.
    const fingerprint = inputsFingerprint(inputs, salt, drafts, options.gates);
    const last = cache.lastBuild(outKey);
    if (write && last?.fingerprint === fingerprint && stamps && existsSync(outDir) && isCurrent(outDir, stamps, stamps, dirs, unchanged)) {
      built = true;
      const count = [...inputs.entries.values()].filter((e) => !('ruleId' in e)).length;
      return { findings: last.findings, ok: true, outDir, manifest: last.manifest, stats: { rendered: 0, reused: count, written: 0, cards: 0 } };
    }
    const records = await timedAsync('read', () => cache.records());
    const images = await timedAsync('images', () => processImages(imageSources(inputs, config.paths.public), imageCache));
    ctx.images = images.table;

    // An entry is taken from the cache when its page is still in the output as it was written;
    // the others are read (if only their stamp was) and rendered.
    const found = [...inputs.entries.values()].filter((e): e is Finding => 'ruleId' in e).concat(images.findings);
    const results: (EntryResult | undefined)[] = [];
    const misses: { index: number; source: EntrySource; key: string }[] = [];
    for (const known of inputs.entries.values()) {
      if ('ruleId' in known) continue;
      const record = records.entries.get(keyOf(known));
      const sameImages = (record?.images ?? []).every(([source, key]) => (images.table[source]?.key ?? '') === key);
      if (record && sameImages && (!record.page || (record.entry && unchanged(record.entry.outPath, record.page.sha256)))) {
        results.push(record);
        continue;
      }
      const source = known.text === undefined ? await timedAsync('read', () => reader.load(known.source)) : known;
      if ('ruleId' in source) found.push(source);
      else misses.push({ index: results.push(undefined) - 1, source: { source: source.source, text: source.text! }, key: keyOf(source) });
    }

    // Drawn here, once per distinct diagram, before the pages that show them render.
    const { diagrams } = await timedAsync('render', () => drawDiagrams(misses.flatMap((m) => findDiagrams(m.source.source, m.source.text)), records.diagrams));
    const staging = new StagingWriter(outDir, write && !(options.inPlace && built));
    // The leak scan of a fresh entry page runs where it was rendered, in parallel with the others.
    const scanLeaks = options.gates ? options.gates.some((g) => g.name === 'leak') : true;
    try {
      const fresh = await renderEntries(
        misses.map((m) => m.source),
        ctx,
        {
          ...workerCount(options),
          entry: { scanLeaks, diagrams },
          onResult: (r) => {
            if (r.leaks && r.entry && r.page) records.leaks.set(leakMemoKey(config.leak.allow, r.entry.outPath, r.page.sha256), r.leaks);
            delete r.leaks;
            return timedAsync('write', () => staging.writePage(r));
          },
        },
      );
      fresh.forEach((r, j) => (results[misses[j]!.index] = r));
      const entries = results as EntryResult[];
      const readPage = (rel: string, hash: string) => readFileSync(path.join(staging.holds(rel, hash) ?? outDir, ...rel.split('/')), 'utf8');
      const drawnBefore = cards.drawn;
      const tree = await timedAsync('render', () => planOutputs(ctx, entries, stripped(inputs.publicFiles, config.paths.public, images.stripped), stripped(inputs.bundleFiles, '', images.stripped), new Map([...inputs.assetFiles, ...images.assets]), { cache: records, salt, unchanged, readPage, cards: write ? cards : undefined }));
      // Recorded after the plan, which leaves only the feed articles a feed carries.
      fresh.forEach((r, j) => {
        const { html: _html, ...record } = r;
        records.entries.set(misses[j]!.key, record);
      });
      // A page rendered now is in memory or staged; one kept from the last build is in the output.
      const readPlanned = (rel: string): string | Uint8Array => tree.contents.get(rel) ?? readFileSync(path.join(staging.holds(rel, tree.outputs.get(rel)?.sha256) ?? outDir, ...rel.split('/')));
      const search = (options.search ?? config.search.enabled) ? await timedAsync('search', () => planSearch(tree, { language: config.site.language, pagesPerIndex: config.search.pagesPerIndex, store: searchStore }, readPlanned)) : undefined;
      // The manifest is served too (/.well-known/galley/manifest.json), so it passes the gates like every file.
      const { manifest, plan } = outputPlan(tree, inputs.provenance, sourceInputsHash(inputs));
      const read = (rel: string): string | Uint8Array => plan.data(rel) ?? readPlanned(rel);
      const findings = [...found, ...entries.flatMap((e) => e.findings)];
      // The gates (and their rules, slug tables, leak views) load only for a build that runs them.
      for (const gate of options.gates ?? (await import('./gates.ts')).gates) {
        const outputs = new Map([...tree.outputs, [MANIFEST_PATH, plan.files.get(MANIFEST_PATH)!]]);
        findings.push(...(await timedAsync('gates', () => gate.run({ ...tree, outputs, root, config, drafts, entries, pins: inputs.pins, pinsText: inputs.pinsText, read, cache: records }))));
      }
      findings.sort(compareFindings);
      const ok = !hasErrors(findings);
      // An excluded draft is read and checked but not rendered: the summary counts pages it wrote.
      const stats = { rendered: misses.filter((m) => results[m.index]?.page !== undefined).length, reused: entries.length - misses.length, written: 0, cards: cards.drawn - drawnBefore, encoded: images.encoded, search };
      if (!ok || !write) return { findings, ok, outDir, stats };

      if (options.inPlace && built && stamps) {
        const next = timed('write', () => updateInPlace(outDir, plan, stamps));
        cache.setStamps(outKey, next.stamps);
        stats.written = next.written;
      } else if (staging.started || !existsSync(outDir) || !isCurrent(outDir, plan.files, stamps, dirs, unchanged)) {
        const next = await timedAsync('write', async () => swapInPlan(outDir, plan, unchanged, await staging.handOver()));
        cache.setStamps(outKey, next.stamps, next.dirs);
        stats.written = next.written;
      }
      cache.setLastBuild(outKey, { fingerprint, findings, manifest });
      built = true;
      return { findings, ok, outDir, manifest, stats };
    } finally {
      await staging.discard();
    }
  };
  return { build, save: () => cache.save() };
}

/** One build with the cache saved after it: `galley build`, `check` and `publish`. */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const builder = await createBuilder(options);
  const result = await builder.build();
  await timedAsync('write', () => builder.save());
  writePhaseTimes();
  return result;
}

/**
 * Writes each rendered page into a staging directory as soon as it exists, while the workers
 * render the next ones, and lets go of its HTML: 4,000 pages held as strings until the end were
 * ~200 MB of the build's peak memory. The gates read them back from here.
 */
class StagingWriter {
  private dir: Promise<string> | undefined;
  private path: string | undefined;
  private readonly written = new Map<string, string>();

  constructor(
    private readonly outDir: string,
    private readonly enabled: boolean,
  ) {}

  get started(): boolean {
    return this.dir !== undefined;
  }

  async writePage(r: EntryResult): Promise<void> {
    // A second page at one path (a duplicate slug, reported by a gate) stays in memory.
    if (!this.enabled || r.html === undefined || !r.entry || !r.page || this.written.has(r.entry.outPath)) return;
    this.dir ??= createStaging(this.outDir, true);
    this.written.set(r.entry.outPath, r.page.sha256);
    this.path = await this.dir;
    await writeOutput(this.path, r.entry.outPath, r.html);
    delete r.html;
  }

  /** The staging directory when it holds `rel` with these bytes. */
  holds(rel: string, sha256: string | undefined): string | undefined {
    return this.written.get(rel) === sha256 ? this.path : undefined;
  }

  /** The staged files, for the swap to finish. */
  async handOver(): Promise<Staged | undefined> {
    return this.dir ? { dir: await this.dir, written: this.written } : undefined;
  }

  /** Remove the staging directory unless the swap moved it into place. */
  async discard(): Promise<void> {
    const dir = this.dir && (await this.dir);
    if (dir && existsSync(dir)) await removeStaging(dir);
  }
}

/** The manifest of the planned tree, and the plan the writer follows (manifest included). */
function outputPlan(tree: PlannedTree, provenance: Provenance, inputsHash: string): { manifest: Manifest; plan: OutputPlan } {
  const files = new Map([...tree.outputs].map(([rel, f]) => [rel, { sha256: f.sha256, size: f.size }]));
  const sorted = [...files].map(([rel, f]) => ({ path: rel, ...f })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest = manifestOf(provenance, sorted, inputsHash);
  const text = serializeManifest(manifest);
  files.set(MANIFEST_PATH, { sha256: sha256(text), size: Buffer.byteLength(text) });
  return { manifest, plan: { files, data: (rel) => (rel === MANIFEST_PATH ? text : tree.contents.get(rel)) } };
}

/**
 * The manifest's `inputsHash`: the project's inputs by content, without galley or the build time,
 * so a rebuild of the same commit (`galley verify`) gives the same one.
 */
function sourceInputsHash(inputs: ProjectInputs): string {
  const entries = [...inputs.entries].map(([rel, e]) => [rel, 'ruleId' in e ? e.ruleId : e.sha256]).sort();
  const publicFiles = [...inputs.publicFiles].map(([rel, file]) => [rel, file.sha256]).sort();
  const bundleFiles = [...inputs.bundleFiles].map(([rel, file]) => [rel, file.sha256]).sort();
  return sha256(JSON.stringify([inputs.loaded.hash, inputs.vendorHash, inputs.assets, entries, publicFiles, bundleFiles]));
}

/** Hash of everything a build reads: galley and the render context (`salt`), sources, public/ and vendor/. */
function inputsFingerprint(inputs: ProjectInputs, salt: string, drafts: boolean, gates: Gate[] | undefined): string {
  const entries = [...inputs.entries].map(([rel, e]) => ('ruleId' in e ? [rel, e] : [rel, e.sha256]));
  const publicFiles = [...inputs.publicFiles].map(([rel, file]) => [rel, file.sha256]);
  const bundleFiles = [...inputs.bundleFiles].map(([rel, file]) => [rel, file.sha256]);
  return sha256(JSON.stringify([salt, drafts, gates?.map((g) => g.name) ?? 'every gate', inputs.vendorHash, entries, publicFiles, bundleFiles]));
}

/** The files the site publishes that may be images, by root-relative path. */
function imageSources(inputs: ProjectInputs, publicDir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const [rel, file] of inputs.publicFiles) files.set(path.posix.join(publicDir.split(path.sep).join('/'), rel), file.bytes);
  for (const [rel, file] of inputs.bundleFiles) files.set(rel, file.bytes);
  return files;
}

/** The files with each encoded image's bytes put in place of its source's: metadata never reaches the output. */
function stripped<F extends HashedFile>(files: Map<string, F>, dir: string, bytes: Map<string, Uint8Array>): Map<string, F> {
  const prefix = dir ? dir.split(path.sep).join('/') + '/' : '';
  return new Map(
    [...files].map(([rel, file]) => {
      const b = bytes.get(prefix + rel);
      return [rel, b ? { ...file, bytes: b, sha256: sha256(b) } : file];
    }),
  );
}

/** `workers` option, else GALLEY_WORKERS from the environment, else the pool decides by corpus size. */
function workerCount(options: BuildOptions): { workers?: number } {
  const fromEnv = (options.env ?? process.env).GALLEY_WORKERS;
  if (options.workers !== undefined) return { workers: options.workers };
  return fromEnv && /^\d+$/.test(fromEnv) ? { workers: Number(fromEnv) } : {};
}

