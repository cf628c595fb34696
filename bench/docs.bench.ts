// The cluster chapter per corpus repository (goal: under 1 s each), against a baseline measured
// in the same run: reading and YAML-parsing every YAML file of that repository once.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readClusters } from '../src/docs/cluster/read-clusters.ts';
import { renderClusterChapter } from '../src/docs/render-cluster.ts';
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
  for (const repo of repos) {
    const dir = path.join(corpus, repo);
    const baseline = await medianMs(() => parseEverything(dir), 5, true);
    const chapter = await medianMs(async () => renderClusterChapter(readClusters(dir).clusters, provenance), 5, true);
    const verdict = chapter < 1000 ? 'ok' : 'over the 1 s goal';
    console.log(`${repo}: chapter ${seconds(chapter)} (${chapter.toFixed(0)} ms), baseline parse-all ${baseline.toFixed(0)} ms, ratio ${ratio(chapter, baseline)} — ${verdict}`);
  }
}
