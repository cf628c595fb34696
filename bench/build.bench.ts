// Builds of the peers' generated corpus (../shared/perf/gen-corpus.mjs; 1,000 and 4,000 entries) against
// Eleventy 3 building the same Markdown through a minimal layout, the peer baseline, in the same
// run. Every build is its own process under /usr/bin/time (wall, CPU, peak RSS); galley runs as
// users run it, the esbuild bundle. Each run, in turn: Eleventy cold, galley cold (no output, no
// cache) with the default workers and with one, galley warm (nothing changed), galley
// incremental (one entry's title edited). The goals, printed as figures: cold ≤ 1.0× Eleventy
// at 4,000; two workers ≥ 1.7× one; warm ≤ 0.1× Eleventy and byte-identical to cold; peak
// memory under 500 MB; highlighting ≤ 25 % of the cold build, from the per-phase times the
// build writes (GALLEY_PHASES). Checked, and failing the bench when wrong: the warm tree equals
// the cold tree, and the incremental tree equals a cold build of the edited corpus.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { generatePeerCorpus } from './corpus.ts';
import { measure, median, ratio, seconds, TIME, type Measured } from './measure.ts';
import { PHASES, type PhaseTimes } from '../src/pipeline/phase-times.ts';
import { defaultWorkers } from '../src/pipeline/render-entries.ts';
import { treeDifferences, treeDigest } from './tree-digest.ts';

const run = promisify(execFile);
const here = import.meta.dirname;
const root = path.resolve(here, '..');
const outRoot = path.join(here, 'out');
const galley = path.join(root, 'dist/galley.mjs');
const SIZES = (process.env.BENCH_SIZES ?? '1000,4000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PLAIN = process.env.BENCH_PLAIN === '1';
const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };
const eleventyPackage = path.join(root, 'node_modules/@11ty/eleventy/package.json');
const ELEVENTY = (JSON.parse(await readFile(eleventyPackage, 'utf8')) as { version: string }).version;
const PEAK_GOAL_MIB = 500e6 / 2 ** 20; // the issue's 500 MB
const PHASES_FILE = path.join(outRoot, 'phases.json');
const DEFAULT_WORKERS = defaultWorkers(Math.min(...SIZES));

type Row = 'eleventy' | 'plain' | 'cold' | 'cold1' | 'cold2' | 'warm' | 'incremental';
type Samples = Map<Row, Measured[]>;

interface Corpus {
  n: number;
  dir: string;
  site: string;
}

export default async function buildBench(): Promise<void> {
  if (!existsSync(TIME)) {
    console.log(`skipped: ${TIME} is needed for peak memory`);
    return;
  }
  await run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bundle.ts')], { cwd: root });
  for (const n of SIZES) await benchSize(n);
}

async function benchSize(n: number): Promise<void> {
  const dir = path.join(outRoot, `corpus-${n}`);
  const corpus: Corpus = { n, dir, site: path.join(dir, 'site') };
  await generatePeerCorpus(dir, n);
  const samples: Samples = new Map();
  const phases: PhaseTimes[] = [];
  const add = (row: Row, m: Measured) => samples.set(row, [...(samples.get(row) ?? []), m]);
  const warmDiffs: string[][] = [];
  let files = 0;
  let editChanged: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    add('eleventy', await eleventyCold(corpus));
    if (PLAIN) add('plain', await plainCold(corpus));
    // One and two workers, each measured once per run: the default is one of them on 2 or 3 cores.
    const cold = await galleyCold(corpus);
    add('cold', cold);
    for (const [row, workers] of [['cold1', 1], ['cold2', 2]] as const) add(row, workers === DEFAULT_WORKERS ? cold : await galleyCold(corpus, String(workers)));
    phases.push(JSON.parse(await readFile(PHASES_FILE, 'utf8')) as PhaseTimes);
    // The last cold tree (1 or 2 workers) is the one the warm build starts from.
    const coldTree = await treeDigest(corpus.site);
    files = coldTree.size;
    if (files < n) throw new Error(`galley wrote ${files} files for ${n} entries`);
    add('warm', await galleyBuild(corpus));
    const warm = await treeDigest(corpus.site);
    warmDiffs.push(treeDifferences(coldTree, warm));
    await editEntry(corpus, i);
    add('incremental', await galleyBuild(corpus));
    editChanged = treeDifferences(warm, await treeDigest(corpus.site));
  }
  const incrementalDiff = treeDifferences(await treeDigest(corpus.site), await uncachedBuild(corpus));
  console.log(`\n${n} entries, median of ${RUNS} runs (every galley build exited 0; ${files} files out):`);
  printTable(samples, n);
  printPhases(phases);
  printChecks(warmDiffs, incrementalDiff, editChanged);
  for (const done of [dir, path.join(outRoot, `eleventy-${n}`), path.join(outRoot, `plain-${n}`)]) await rm(done, { recursive: true, force: true });
}

async function eleventyCold(c: Corpus): Promise<Measured> {
  const out = path.join(outRoot, `eleventy-${c.n}`);
  await rm(out, { recursive: true, force: true });
  const m = await measure([path.join(here, 'eleventy-build.mjs'), c.dir, out]);
  // A baseline that skipped its input would look fast: count the pages it wrote.
  const pages = (await readdir(out, { recursive: true })).filter((f) => f.endsWith('.html')).length;
  if (pages < c.n) throw new Error(`Eleventy wrote ${pages} pages for ${c.n} entries`);
  return m;
}

function plainCold(c: Corpus): Promise<Measured> {
  return measure(['--import', 'tsx', path.join(here, 'plain-pipeline.ts'), c.dir, path.join(outRoot, `plain-${c.n}`)]);
}

/** A build with no output and no cache: the default worker count, or `workers`. */
async function galleyCold(c: Corpus, workers?: string): Promise<Measured> {
  await rm(c.site, { recursive: true, force: true });
  await rm(path.join(c.dir, '.galley'), { recursive: true, force: true }); // the build cache
  const extra = workers ? { GALLEY_WORKERS: workers } : { GALLEY_PHASES: PHASES_FILE };
  return measure([galley, 'build', '--root', c.dir, '--out', c.site], { ...env, ...extra });
}

function galleyBuild(c: Corpus, ...extra: string[]): Promise<Measured> {
  return measure([galley, 'build', '--root', c.dir, '--out', c.site, ...extra], env);
}

/** Retitle one entry, a different one with a different title each run. */
async function editEntry(c: Corpus, runIndex: number): Promise<void> {
  const names = (await readdir(path.join(c.dir, 'content/entries'))).sort();
  const file = path.join(c.dir, 'content/entries', names[(runIndex * 389 + 7) % names.length]!);
  const text = await readFile(file, 'utf8');
  // The generator quotes some titles: the words go inside the quotes.
  const edited = text.replace(/^title: (['"]?)(.*)\1$/m, `title: $1$2, edited in run ${runIndex + 1}$1`);
  if (edited === text) throw new Error(`no title line to edit in ${file}`);
  await writeFile(file, edited);
}

/** A cold build of the corpus as it stands, ignoring any cache: the reference for incremental. */
async function uncachedBuild(c: Corpus): Promise<Map<string, string>> {
  const out = path.join(outRoot, `uncached-${c.n}`);
  await rm(out, { recursive: true, force: true });
  try {
    await galleyBuild({ ...c, site: out }, '--no-cache');
    return await treeDigest(out);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const LABELS: Record<Row, string> = {
  eleventy: `Eleventy ${ELEVENTY}, cold, minimal layout`,
  plain: 'plain unified + gfm, 1 thread, no gates',
  cold: `galley cold, every gate, ${DEFAULT_WORKERS} worker${DEFAULT_WORKERS === 1 ? '' : 's'} (the default)`,
  cold1: 'galley cold, every gate, 1 worker',
  cold2: 'galley cold, every gate, 2 workers',
  warm: 'galley warm, nothing changed',
  incremental: 'galley incremental, one entry retitled',
};

function goal(row: Row, wallRatio: number): string {
  const met = (ok: boolean) => (ok ? 'met' : 'missed');
  if (row === 'eleventy') return 'baseline';
  if (row === 'cold') return `≤ 1.00× wall at 4,000: ${met(wallRatio <= 1)}`;
  if (row === 'cold2') return '≥ 1.70× faster than 1 worker';
  if (row === 'cold1') return '';
  if (row === 'warm') return `≤ 0.10× wall: ${met(wallRatio <= 0.1)}`;
  if (row === 'incremental') return 'same bytes as a cold build';
  return 'extra, no goal';
}

function printTable(samples: Samples, n: number): void {
  const wall = (row: Row) => median(samples.get(row)!.map((m) => m.wallMs));
  const cpu = (row: Row) => median(samples.get(row)!.map((m) => m.cpuMs));
  const peakMiB = (row: Row) => Math.max(...samples.get(row)!.map((m) => m.peakKiB)) / 1024;
  console.log('| build | wall | CPU | peak RSS | wall / Eleventy | CPU / Eleventy | goal |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const row of samples.keys()) {
    const cells = [LABELS[row], seconds(wall(row)), seconds(cpu(row)), `${Math.round(peakMiB(row))} MiB`];
    cells.push(ratio(wall(row), wall('eleventy')), ratio(cpu(row), cpu('eleventy')), goal(row, wall(row) / wall('eleventy')));
    console.log(`| ${cells.join(' | ')} |`);
  }
  const speedup = wall('cold1') / wall('cold2');
  const cpuGrowth = cpu('cold2') / cpu('cold1');
  console.log(`2 workers vs 1: ${speedup.toFixed(2)}× faster (wall), ${cpuGrowth.toFixed(2)}× the CPU; goal ≥ 1.70×: ${speedup >= 1.7 ? 'met' : 'missed'}`);
  const galleyPeak = Math.max(...(['cold', 'cold1', 'cold2', 'warm', 'incremental'] as const).map(peakMiB));
  const verdict = galleyPeak < PEAK_GOAL_MIB ? 'met' : 'missed';
  console.log(`galley's peak RSS ${Math.round(galleyPeak)} MiB; goal under 500 MB (${Math.round(PEAK_GOAL_MIB)} MiB) at 4,000: ${n === 4000 ? verdict : `${verdict} at ${n}`}`);
}

/**
 * The cold build's time per phase, summed over its threads (median of the runs). Thread time is
 * wall time per thread: on a loaded machine it grows with the load, the shares much less.
 */
function printPhases(runs: PhaseTimes[]): void {
  const work = PHASES.filter((p) => p !== 'gc');
  const at = (p: (typeof PHASES)[number]) => median(runs.map((r) => r[p]));
  const total = work.reduce((sum, p) => sum + at(p), 0);
  console.log('| phase (cold build, thread time) | time | share | goal |');
  console.log('| --- | ---: | ---: | --- |');
  for (const p of PHASES) {
    const share = at(p) / total;
    const goal = p === 'highlight' ? `≤ 25 %: ${share <= 0.25 ? 'met' : 'missed'}` : p === 'gc' ? 'inside the phases above' : '';
    console.log(`| ${p} | ${seconds(at(p))} | ${(share * 100).toFixed(1)} % | ${goal} |`);
  }
}

/** Print the byte-for-byte checks; a failed one fails the bench after every figure is out. */
function printChecks(warmDiffs: string[][], incrementalDiff: string[], editChanged: string[]): void {
  const failedRuns = warmDiffs.flatMap((d, i) => (d.length > 0 ? [`run ${i + 1}: ${describe(d)}`] : []));
  console.log(`warm tree = cold tree, byte for byte: ${failedRuns.length === 0 ? `yes, in all ${warmDiffs.length} runs` : `NO (${failedRuns.join('; ')})`}`);
  const verdict = incrementalDiff.length === 0 ? 'yes' : `NO (${describe(incrementalDiff)})`;
  console.log(`last incremental tree = a cold \`--no-cache\` build of the edited corpus: ${verdict}; the edit changed ${describe(editChanged)}`);
  if (failedRuns.length > 0 || incrementalDiff.length > 0) {
    console.log('FAILED: a cached build wrote other bytes than a cold build');
    process.exitCode = 1;
  }
}

function describe(paths: string[]): string {
  const shown = paths.slice(0, 5).join(', ');
  return `${paths.length} file${paths.length === 1 ? '' : 's'}${paths.length > 0 ? `: ${shown}${paths.length > 5 ? ', …' : ''}` : ''}`;
}
