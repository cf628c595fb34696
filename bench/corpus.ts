// A deterministic generated corpus of galley entries, shared by the benches: realistic prose
// (~1,000 words), 4–8 sections including the skeptic's view and the action, a code block, a
// list, a table in ~40 % of entries, and internal links with fragments that resolve.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { slugify } from '../src/markdown/slugify.ts';

const run = promisify(execFile);

const WORDS = (
  'the repository owns machine cluster entry publish sidecar nginx release commit signature key manifest ' +
  'verify swap symlink deploy build gate link fragment section template reader author config flux layer ' +
  'kustomization secret store namespace chart version host fleet service package schedule backup restore ' +
  'network policy address tunnel metric alert failure retry backoff cache asset hash immutable grace period ' +
  'a an of to in on for with from by and or but not only every each one two three when then after before ' +
  'is are was were be has have had can will would should must may keeps reads writes checks runs serves'
).split(' ');

/** mulberry32: a small seeded generator, so every run writes the same bytes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CorpusEntry {
  slug: string;
  headings: string[];
}

function sentence(rnd: () => number, words = 8 + Math.floor(rnd() * 14)): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rnd() * WORDS.length)]!);
  const s = out.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

function paragraph(rnd: () => number, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(rnd)).join(' ');
}

function plan(count: number, rnd: () => number): CorpusEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const n = 2 + Math.floor(rnd() * 5); // plus the skeptic's view and the action: 4–8 sections
    const headings = Array.from({ length: n }, (_, j) => `${sentence(rnd, 3 + Math.floor(rnd() * 3)).slice(0, -1)} ${j + 1}`);
    return { slug: `entry-${String(i).padStart(5, '0')}`, headings };
  });
}

function entryText(index: number, entries: CorpusEntry[], rnd: () => number): string {
  const e = entries[index]!;
  const link = () => {
    const target = entries[Math.floor(rnd() * entries.length)]!;
    const h = target.headings[Math.floor(rnd() * target.headings.length)]!;
    return `[${sentence(rnd, 3).slice(0, -1)}](/entries/${target.slug}/#${slugify(h)})`;
  };
  const parts = [
    '---',
    `title: ${sentence(rnd, 5).slice(0, -1)}`,
    `date: 2026-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}`,
    `tags: [${['gitops', 'nginx', 'flux', 'nix', 'security'].filter(() => rnd() < 0.4).join(', ')}]`,
    `summary: ${sentence(rnd)}`,
    'verification:',
    `  - claim: ${sentence(rnd)}`,
    `    method: ${sentence(rnd)}`,
    '---',
    paragraph(rnd, 4),
    '',
  ];
  const table = rnd() < 0.4;
  e.headings.forEach((h, j) => {
    parts.push(`## ${h}`, '', `${paragraph(rnd, 5)} See ${link()}.`, '', paragraph(rnd, 4), '');
    if (j === 0) parts.push('```sh', 'galley build --drafts', 'galley check --format json | jq .', '```', '');
    if (j === 1) parts.push(`- ${sentence(rnd)}`, `- ${sentence(rnd)} ${link()}`, `- ${sentence(rnd)}`, '');
    if (j === 1 && table) parts.push('| stage | input | output |', '| --- | --- | --- |', '| parse | Markdown | tree |', '| render | tree | HTML |', '| gate | pages | findings |', '');
  });
  parts.push("## The skeptic's view", '', paragraph(rnd, 5), '', '## One concrete action', '', sentence(rnd), '');
  return parts.join('\n');
}

/**
 * Write a project of `count` entries under `dir` (replacing it): content, and the checkout's
 * vendored htmx so the vendor gate passes. Same `count` and `seed`, same bytes.
 */
export async function generateCorpus(dir: string, count: number, seed = 1): Promise<CorpusEntry[]> {
  const rnd = random(seed);
  const entries = plan(count, rnd);
  await rm(dir, { recursive: true, force: true });
  const entriesDir = path.join(dir, 'content', 'entries');
  await mkdir(entriesDir, { recursive: true });
  await cp(path.resolve(import.meta.dirname, '..', 'vendor'), path.join(dir, 'vendor'), { recursive: true });
  for (let i = 0; i < count; i++) await writeFile(path.join(entriesDir, `${entries[i]!.slug}.md`), entryText(i, entries, rnd));
  await writeBenchConfig(dir);
  return entries;
}

/**
 * The peers' corpus: the shared generator beside the checkout (`../shared/perf/gen-corpus.mjs`,
 * the one the Hugo and Eleventy figures were measured with; run, never copied, so it cannot drift),
 * `count` entries under `dir` (replacing them), and the checkout's vendored htmx.
 */
export async function generatePeerCorpus(dir: string, count: number, seed = 1): Promise<void> {
  const generator = path.resolve(import.meta.dirname, '..', '..', 'shared', 'perf', 'gen-corpus.mjs');
  if (!existsSync(generator)) throw new Error(`Unexpected checkout without ../shared/perf/gen-corpus.mjs, expected the shared corpus generator beside it (looked at ${generator})`);
  await rm(dir, { recursive: true, force: true });
  await run(process.execPath, [generator, String(count), dir, String(seed)]);
  await cp(path.resolve(import.meta.dirname, '..', 'vendor'), path.join(dir, 'vendor'), { recursive: true });
  await writeBenchConfig(dir);
}

/**
 * Without the share cards: drawing one is ~0.1–0.3 s, so a cold build would measure them and
 * little else (4,000 entries, 4,000 cards). cards.bench.ts measures them on their own.
 */
export const BENCH_CONFIG = { sharing: { cards: false } };

async function writeBenchConfig(dir: string): Promise<void> {
  await writeFile(path.join(dir, 'site.config.ts'), `export default ${JSON.stringify(BENCH_CONFIG)};\n`);
}
