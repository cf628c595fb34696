// The cluster chapter per corpus repository (goal: under 1 s each), against a baseline measured
// in the same run: reading and YAML-parsing every YAML file of that repository once.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readClusters } from '../src/docs/cluster/read-clusters.ts';
import { leakGate } from '../src/docs/leak-gate.ts';
import { renderClusterChapter } from '../src/docs/render-cluster.ts';
import { writePages } from '../src/docs/write-pages.ts';
import { medianMs, ratio, seconds } from './measure.ts';

const corpus = path.resolve(import.meta.dirname, '..', '../shared/corpus/gitops');
const provenance = { branch: 'bench', shortSha: '0000000', date: '2026-01-01' };

async function parseEverything(dir: string): Promise<number> {
  let docs = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    for (const doc of parseAllDocuments(await readFile(path.join(entry.parentPath, entry.name), 'utf8'))) {
      doc.toJS({ maxAliasCount: -1 });
      docs++;
    }
  }
  return docs;
}

export default async function bench(): Promise<void> {
  if (!existsSync(corpus)) {
    console.log('skipped: the shared GitOps corpus is not beside the project');
    return;
  }
  const repos = (await readdir(corpus, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'galley-docs-bench-'));
  for (const repo of repos) {
    const dir = path.join(corpus, repo);
    const baseline = await medianMs(() => parseEverything(dir), 5, true);
    const chapter = await medianMs(async () => renderClusterChapter(readClusters(dir).clusters, provenance), 5, true);
    // End to end as `galley docs` runs it: model, pages, staged write, leak gate, swap.
    const gated = await medianMs(async () => {
      await writePages(renderClusterChapter(readClusters(dir).clusters, provenance), path.join(tmp, repo), leakGate([]));
    }, 5, true);
    // CPU time of one chapter: the figure that holds when other work shares the cores.
    const cpu0 = process.cpuUsage();
    renderClusterChapter(readClusters(dir).clusters, provenance);
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const verdict = gated < 1000 ? 'ok' : 'over the 1 s goal';
    console.log(
      `${repo}: chapter ${seconds(chapter)} (${ratio(chapter, baseline)} of parse-all ${baseline.toFixed(0)} ms); ` +
        `with write + leak gate ${seconds(gated)} (${ratio(gated, baseline)}); chapter CPU ${cpuMs.toFixed(0)} ms — ${verdict}`,
    );
  }
  await rm(tmp, { recursive: true, force: true });
}
