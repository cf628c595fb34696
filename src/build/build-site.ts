import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import { loadEntries } from '../content/load-entries.ts';
import type { Manifest } from '../output/manifest.ts';
import { readProvenance } from '../output/provenance.ts';
import { copyTree, createStaging, removeStaging, swapIn, writeOutput } from '../output/staging.ts';
import { writeManifest } from '../output/write-manifest.ts';
import type { RenderContext } from '../render/render-context.ts';
import { siteAssets } from '../render/site-assets.ts';
import { sitePages } from '../render/site-pages.ts';
import { compareFindings, hasErrors, type Finding } from '../report/finding.ts';
import { pinsSchema, readPinsText, type Pins } from '../vendor/pins.ts';
import type { BuildContext, Gate, OutputFile } from './gate.ts';
import { gates as defaultGates } from './gates.ts';
import type { EntryResult } from './process-entry.ts';
import { renderEntries } from './render-entries.ts';

export interface BuildOptions {
  root: string;
  /** Build draft entries too. */
  drafts?: boolean;
  /** Output directory; default the config's `paths.output` under the root. */
  outDir?: string;
  /** false = check only: run every gate over a temporary tree and write nothing. */
  write?: boolean;
  /** Worker threads for the per-entry work; default by corpus size (see render-entries.ts). */
  workers?: number;
  /** The gates to run; default every gate of `gates.ts`. */
  gates?: Gate[];
  env?: NodeJS.ProcessEnv;
  cache?: boolean; // false = a cold build: `<root>/.galley/cache` neither read nor written
}

export interface BuildResult {
  findings: Finding[];
  ok: boolean;
  outDir: string;
  manifest?: Manifest;
}

/**
 * load → parse → validate → render → gate → write (design §4). The output goes to a staging
 * directory that replaces `outDir` only when no gate reports an error. Configuration errors
 * throw a GalleyError (exit 2); I/O errors propagate (exit 3).
 */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const loaded = await loadConfig(options.root);
  const { config, root } = loaded;
  const outDir = path.resolve(root, options.outDir ?? config.paths.output);
  const write = options.write ?? true;
  const drafts = options.drafts ?? false;

  const [provenance, sources, pinsText] = await Promise.all([
    readProvenance(root, options.env),
    loadEntries(root, config.paths.content),
    readPinsText(path.join(root, config.paths.vendor)),
  ]);
  const pins = parsePins(pinsText);
  const { assets, files: assetFiles } = await siteAssets(root, config.paths.templates, config.paths.vendor, pins);
  const ctx: RenderContext = { config, assets, provenance, drafts };

  const staging = await createStaging(outDir, write);
  try {
    // Each page is written as soon as it is rendered, while the workers render the next ones.
    const entries = await renderEntries(sources.entries, ctx, {
      ...workerCount(options),
      onResult: (r) => (r.html !== undefined && r.entry ? writeOutput(staging, r.entry.outPath, r.html) : undefined),
    });
    const tree = await writeTree(staging, root, ctx, entries, assetFiles);
    const gateCtx: BuildContext = { ...tree, root, config, drafts, stagingDir: staging, entries, pins, pinsText };
    const findings = [...sources.findings, ...entries.flatMap((e) => e.findings)];
    for (const gate of options.gates ?? defaultGates) findings.push(...(await gate.run(gateCtx)));
    findings.sort(compareFindings);
    const ok = !hasErrors(findings);
    if (!ok || !write) return { findings, ok, outDir };
    const manifest = await writeManifest(staging, provenance);
    await swapIn(staging, outDir);
    return { findings, ok, outDir, manifest };
  } finally {
    if (existsSync(staging)) await removeStaging(staging);
  }
}

/** `workers` option, else GALLEY_WORKERS from the environment, else the pool decides by corpus size. */
function workerCount(options: BuildOptions): { workers?: number } {
  const fromEnv = (options.env ?? process.env).GALLEY_WORKERS;
  if (options.workers !== undefined) return { workers: options.workers };
  return fromEnv && /^\d+$/.test(fromEnv) ? { workers: Number(fromEnv) } : {};
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

/** Write every output file into the staging dir and describe the tree for the gates. */
async function writeTree(
  staging: string,
  root: string,
  ctx: RenderContext,
  entries: EntryResult[],
  assetFiles: Map<string, Uint8Array>,
): Promise<Pick<BuildContext, 'outputs' | 'sources' | 'excludedDrafts'>> {
  const { config } = ctx;
  const outputs = new Map<string, OutputFile>();
  const sources = new Map<string, string>();
  const excludedDrafts = new Map<string, string>();
  const publicDir = path.join(root, config.paths.public);
  if (existsSync(publicDir)) {
    await copyTree(publicDir, staging);
    for (const d of await readdir(publicDir, { recursive: true, withFileTypes: true })) {
      if (d.isFile()) outputs.set(path.relative(publicDir, path.join(d.parentPath, d.name)).split(path.sep).join('/'), {});
    }
  }
  const writes: Promise<void>[] = [];
  const published: NonNullable<EntryResult['entry']>[] = [];
  for (const r of entries) {
    if (!r.entry) continue;
    if (r.html === undefined) {
      excludedDrafts.set(r.entry.url, r.source);
      continue;
    }
    if (outputs.has(r.entry.outPath)) continue; // a duplicate slug, reported by the front matter gate
    outputs.set(r.entry.outPath, { ids: new Set(r.ids), draft: r.entry.draft });
    sources.set(r.entry.outPath, r.source);
    published.push(r.entry);
  }
  for (const [rel, page] of sitePages(ctx, published)) {
    if (outputs.has(rel)) continue;
    outputs.set(rel, { ...(page.ids ? { ids: new Set(page.ids) } : {}), ...(page.redirect ? { redirect: page.redirect } : {}) });
    if (page.redirect) sources.set(rel, sources.get(page.redirect)!);
    writes.push(writeOutput(staging, rel, page.text));
  }
  for (const [rel, bytes] of assetFiles) {
    outputs.set(rel, {});
    writes.push(writeOutput(staging, rel, bytes));
  }
  await Promise.all(writes);
  return { outputs, sources, excludedDrafts };
}
