import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { readClusters } from '../../src/docs/cluster/read-clusters.ts';
import { scanTree } from '../../src/leak/index.ts';
import { keyOf, type ClusterInfo } from '../../src/docs/cluster/model.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { readTree, sopsPayloads } from './corpus-helpers.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const corpus = path.resolve(projectRoot, '../shared/corpus/gitops');
const skip = existsSync(corpus) ? false : 'the shared GitOps corpus is not beside the project';

interface Expected {
  roots: string[];
  kustomizations: number;
  helmReleases: number;
  namespaces: number;
  created: number;
  layers: number;
  chain: string[];
  sops: number;
  charts: { release: string; chart: string; version: string; source: string }[];
}

function layerOf(cluster: ClusterInfo, key: string): number {
  const layer = cluster.layers.find((l) => l.kustomizations.includes(key));
  assert.ok(layer, `${key} is in no layer`);
  return layer.index;
}

describe('cluster chapter over the real corpus', { skip }, async () => {
  const expectations = parse(await readFile(path.join(projectRoot, 'test/fixtures/docs/corpus-expectations.yaml'), 'utf8')) as Record<string, Record<string, Expected>>;
  const repos = skip ? [] : (await readdir(corpus, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();

  for (const repo of repos) {
    const dir = path.join(corpus, repo);
    it(`${repo}: clusters, counts, layer order and charts`, () => {
      const expected: Record<string, Expected> | undefined = expectations[repo];
      assert.ok(expected, `no expectations for ${repo} in corpus-expectations.yaml`);
      const { clusters } = readClusters(dir);
      assert.deepEqual(clusters.map((c) => c.name), Object.keys(expected).sort());
      for (const cluster of clusters) {
        const want: Expected = expected[cluster.name]!;
        const releases = cluster.kustomizations.flatMap((k) => k.helmReleases);
        assert.deepEqual(cluster.roots, want.roots);
        assert.equal(cluster.kustomizations.length, want.kustomizations, 'Flux Kustomizations');
        assert.equal(releases.length, want.helmReleases, 'HelmReleases');
        assert.equal(cluster.namespaces.length, want.namespaces, 'namespaces in use');
        assert.equal(cluster.createdNamespaces.length, want.created, 'namespaces created');
        assert.equal(cluster.layers.length, want.layers, 'layers');
        want.chain.forEach((key, i) => assert.equal(layerOf(cluster, key), want.layers - i, `layer of ${key}`));
        assert.equal(cluster.sopsDocumentsSkipped, want.sops, 'SOPS documents skipped');
        for (const chart of want.charts) {
          const found = releases.find((r) => keyOf(r) === chart.release);
          assert.ok(found, `HelmRelease ${chart.release}`);
          assert.deepEqual({ chart: found.chart, version: found.version, source: found.source }, { chart: chart.chart, version: chart.version, source: chart.source });
        }
      }
    });

    it(`${repo}: galley docs exits 0, lists every HelmRelease, carries no SOPS payload and no leak`, async () => {
      const out = path.join(await tempDir(), 'docs');
      const result = await runCli(['docs', '--markdown', '--cluster', dir, '--out', out], projectRoot, { ...process.env, SOURCE_DATE_EPOCH: '1700000000' });
      assert.equal(result.code, 0, result.stderr);
      const pages = await readTree(out);
      const all = [...pages.values()].join('\n');
      for (const cluster of readClusters(dir).clusters) {
        for (const r of cluster.kustomizations.flatMap((k) => k.helmReleases)) {
          assert.ok(all.includes(`| \`${r.name}\` | \`${r.namespace}\` | \`${r.chart}\` | \`${r.version}\` |`), `row for ${keyOf(r)}`);
        }
      }
      for (const [file, text] of pages) if (file !== 'SUMMARY.md') assert.match(text, /generated from .+ @ .+; 2023-11-14/, `${file} carries its provenance`);
      const payloads = await sopsPayloads(dir);
      for (const payload of payloads) assert.ok(!all.includes(payload), 'a SOPS payload string reached the output');
      assert.doesNotMatch(all, /ENC\[AES256_GCM|BEGIN AGE ENCRYPTED/);
      assert.deepEqual(await scanTree(out, { allow: [] }), [], 'leak findings in the chapter');
    });
  }
});
