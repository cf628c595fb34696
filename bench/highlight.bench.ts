// Build-time highlighting against its budget (issue 13: at most 25 % on the cold build). Each
// figure is a cold `galley build` of the bundle in its own process (`measure`: wall and
// CPU under /usr/bin/time), highlighting on vs off (`markdown.highlightCode`) over the same
// peers' generated corpus (../shared/perf/gen-corpus.mjs), the two alternating so that other load on
// the machine hits both alike:
//  - the corpus as generated (one code block per entry, bash, YAML or TypeScript, nearly all different);
//  - the same with every block replaced (YAML, Nix, shell, TypeScript in turn: no cache hit).
// "Off" still loads the highlighter (one instance per thread, made on import); that cost is
// printed on its own.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { BENCH_CONFIG, generatePeerCorpus } from './corpus.ts';
import { alternating, measure, ratio, seconds, TIME, type Measured } from './measure.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const outRoot = path.join(import.meta.dirname, 'out');
const galley = path.join(root, 'dist/galley.mjs');
const sizes = (process.env.BENCH_SIZES ?? '1000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

export default async function highlightBench(): Promise<void> {
  if (!existsSync(TIME)) {
    console.log(`skipped: ${TIME} is needed`);
    return;
  }
  await run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bundle.ts')], { cwd: root });
  const module = pathToFileURL(path.join(root, 'src/markdown/highlight.ts')).href;
  const load = await measure(['--import', 'tsx', '-e', `await import(${JSON.stringify(module)})`]);
  const bare = await measure(['--import', 'tsx', '-e', '0']);
  console.log(`loading the highlighter, once per thread: ${seconds(load.wallMs - bare.wallMs)} wall, ${seconds(load.cpuMs - bare.cpuMs)} CPU`);
  for (const n of sizes) {
    const dir = path.join(outRoot, `highlight-${n}`);
    await generatePeerCorpus(dir, n);
    await compare(dir, `${n} entries, corpus as generated`);
    await varyCodeBlocks(dir);
    await compare(dir, `${n} entries, every code block different`);
    await rm(dir, { recursive: true, force: true });
  }
}

async function compare(dir: string, label: string): Promise<void> {
  const { on, off } = await alternating(RUNS, (highlight) => coldBuild(dir, highlight));
  console.log(
    `${label} (median of ${RUNS}): wall on ${seconds(on.wallMs)}, off ${seconds(off.wallMs)}, on/off ${ratio(on.wallMs, off.wallMs)}; ` +
      `CPU on ${seconds(on.cpuMs)}, off ${seconds(off.cpuMs)}, on/off ${ratio(on.cpuMs, off.cpuMs)} (budget 1.25×)`,
  );
}

async function coldBuild(dir: string, highlight: boolean): Promise<Measured> {
  await writeFile(path.join(dir, 'site.config.ts'), `export default ${JSON.stringify({ ...BENCH_CONFIG, markdown: { highlightCode: highlight } })};\n`);
  return measure([galley, 'build', '--root', dir, '--out', path.join(dir, 'site')], { ...process.env, SOURCE_DATE_EPOCH: '1790000000' });
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
