// Build-time highlighting against its budget (issue 13: at most 25 % on the cold build). Each
// figure is a cold `galley build` in its own process, highlighting on vs off (`markdown.
// highlightCode`) over the same generated corpus, measured in this run:
//  - the corpus as generated (one code block per entry, all alike: the cache's best case);
//  - the same with every block different (YAML, Nix, shell, TypeScript in turn: no cache hit).
// Also the one-time cost of loading the highlighter in a thread, paid even when it is off.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { median, medianMs, ratio, seconds } from './measure.ts';

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, '..');
const cli = path.join(projectRoot, 'src/cli/bin.ts');
const counts = (process.env.BENCH_HIGHLIGHT_ENTRIES ?? '1000').split(',').map(Number);

type Generate = (dir: string, count: number) => Promise<unknown>;

export default async function highlightBench(): Promise<void> {
  const generate = await corpusGenerator();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'galley-bench-highlight-'));
  try {
    const load = await medianMs(() => run(process.execPath, ['--import', 'tsx', '-e', `await import(${JSON.stringify(pathToFileURL(path.join(projectRoot, 'src/markdown/starry-night.ts')).href)})`]), 3);
    const bare = await medianMs(() => run(process.execPath, ['--import', 'tsx', '-e', '0']), 3);
    console.log(`loading the highlighter: ${seconds(load - bare)} per thread (its WASM regex engine and grammars)`);
    for (const count of counts) {
      const dir = path.join(tmp, `corpus-${count}`);
      await generate(dir, count);
      await compare(dir, `${count} entries, corpus as generated`);
      await varyCodeBlocks(dir);
      await compare(dir, `${count} entries, every code block different`);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

// The machine is shared and noisy: on and off runs alternate, and besides wall time each build
// reports its own CPU time (main thread and workers), which other load disturbs far less.
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CPU_REPORT = `data:text/javascript,${encodeURIComponent("import{writeSync}from'node:fs';process.on('exit',()=>{const u=process.cpuUsage();writeSync(2,'\\ncpu-us '+(u.user+u.system)+'\\n')})")}`;

interface Sample {
  wallMs: number;
  cpuMs: number;
}

async function compare(dir: string, label: string): Promise<void> {
  const on: Sample[] = [];
  const off: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    off.push(await coldBuild(dir, false));
    on.push(await coldBuild(dir, true));
  }
  const wall = (s: Sample[]) => median(s.map((x) => x.wallMs));
  const cpu = (s: Sample[]) => median(s.map((x) => x.cpuMs));
  console.log(
    `${label}: wall on ${seconds(wall(on))}, off ${seconds(wall(off))}, on/off ${ratio(wall(on), wall(off))}; ` +
      `CPU on ${seconds(cpu(on))}, off ${seconds(cpu(off))}, on/off ${ratio(cpu(on), cpu(off))} (budget 1.25×)`,
  );
}

async function coldBuild(dir: string, highlight: boolean): Promise<Sample> {
  await writeFile(path.join(dir, 'site.config.ts'), `export default { markdown: { highlightCode: ${highlight} } };\n`);
  const args = ['--import', 'tsx', '--import', CPU_REPORT, cli, 'build', '--root', dir, '--out', path.join(dir, 'site')];
  const start = performance.now();
  const { stderr } = await run(process.execPath, args, { env: { ...process.env, SOURCE_DATE_EPOCH: '1790000000' }, maxBuffer: 64 << 20 });
  const wallMs = performance.now() - start;
  const cpu = /cpu-us (\d+)/.exec(stderr);
  if (!cpu) throw new Error(`the build did not report its CPU time:\n${stderr}`);
  return { wallMs, cpuMs: Number(cpu[1]) / 1000 };
}

/** Replace each entry's first code block by one of its own, so no two blocks are alike. */
async function varyCodeBlocks(dir: string): Promise<void> {
  const entriesDir = path.join(dir, 'content/entries');
  const files = (await readdir(entriesDir)).sort();
  await Promise.all(
    files.map(async (name, i) => {
      const file = path.join(entriesDir, name);
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace(/```[a-z]*\n[\s\S]*?\n```/, SNIPPETS[i % SNIPPETS.length]!(i)));
    }),
  );
}

const SNIPPETS: ((i: number) => string)[] = [
  (i) => `\`\`\`yaml title="apps-${i}.yaml" {3}
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: app-${i}
  namespace: flux-system
spec:
  dependsOn:
    - name: secret-stores-${i % 7}
  interval: ${1 + (i % 30)}m
  path: ./gitops/apps/${i}
  prune: true
\`\`\``,
  (i) => `\`\`\`nix
{ pkgs, lib, ... }:
{
  # host ${i}
  environment.systemPackages = with pkgs; [ git nginx jq ];
  services.nginx.virtualHosts."site-${i}.example.org".root = "/srv/${i}/current";
  systemd.timers.sync-${i}.timerConfig.OnCalendar = "*:0/${1 + (i % 9)}";
}
\`\`\``,
  (i) => `\`\`\`sh
set -eu
for f in content/entries/*-${i}.md; do
  echo "checking $f (${i})"
  galley check --format json | jq '.[] | select(.ruleId == "link-${i}")'
done
\`\`\``,
  (i) => `\`\`\`ts
import { defineConfig } from 'galley';

// site ${i}
export default defineConfig({
  site: { title: 'Site ${i}', baseUrl: 'https://s${i}.example.org/' },
  metadata: { rows: [{ key: 'date', label: 'Published' }] },
});
\`\`\``,
];

/** The shared corpus generator (`bench/corpus.ts`) when the checkout has it, else the samples copied. */
async function corpusGenerator(): Promise<Generate> {
  const shared = path.join(import.meta.dirname, 'corpus.ts');
  if (existsSync(shared)) return ((await import(pathToFileURL(shared).href)) as { generateCorpus: Generate }).generateCorpus;
  return async (dir, count) => {
    const samples = path.join(projectRoot, 'content/entries');
    const names = (await readdir(samples)).filter((f) => f.endsWith('.md')).sort();
    await cp(path.join(projectRoot, 'vendor'), path.join(dir, 'vendor'), { recursive: true });
    await cp(samples, path.join(dir, 'content/entries'), { recursive: true });
    for (let i = names.length; i < count; i++) {
      const text = await readFile(path.join(samples, names[i % names.length]!), 'utf8');
      // Aliases must stay unique, so copies drop theirs.
      await writeFile(path.join(dir, 'content/entries', `copy-${i}.md`), text.replace(/^aliases:.*\n/m, ''));
    }
  };
}
