import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { keyOf } from '../../src/docs/cluster/model.ts';
import { readClusters } from '../../src/docs/cluster/read-clusters.ts';

// One fixture folder per trap of real Flux trees: `repo/` is the GitOps tree, `expected.yaml`
// the chapter's model (layers, namespaces, releases with their stores, SOPS count) and findings.
const fixtures = path.resolve(import.meta.dirname, '../fixtures/docs/traps');

interface ExpectedCluster {
  layers: string[][];
  namespaces: string[];
  sops: number;
  releases: { key: string; chart: string; version: string; source: string; stores: string[] }[];
}
interface Expected {
  roots?: string[];
  clusters: Record<string, ExpectedCluster>;
  findings: { file: string; line: number; ruleId: string }[];
}

describe('cluster chapter traps', () => {
  for (const name of readdirSync(fixtures).sort()) {
    it(name, () => {
      const expected = parse(readFileSync(path.join(fixtures, name, 'expected.yaml'), 'utf8')) as Expected;
      const repo = path.join(fixtures, name, 'repo');
      const { clusters, findings } = readClusters(repo, (expected.roots ?? []).map((r) => path.join(repo, r)));
      const actual: Record<string, ExpectedCluster> = {};
      for (const cluster of clusters) {
        actual[cluster.name] = {
          layers: cluster.layers.map((l) => l.kustomizations),
          namespaces: [...new Set(cluster.kustomizations.flatMap((k) => k.namespaces))].sort(),
          sops: cluster.sopsDocumentsSkipped,
          releases: cluster.kustomizations
            .flatMap((k) => k.helmReleases.map((r) => ({
              key: keyOf(r), chart: r.chart, version: r.version, source: r.source,
              stores: [...new Set(k.externalSecrets.flatMap((e) => e.stores.map((s) => `${s.kind}/${s.name}`)))].sort(),
            })))
            .sort((a, b) => a.key.localeCompare(b.key)),
        };
      }
      assert.deepEqual(actual, expected.clusters);
      assert.deepEqual(findings.filter((f) => f.severity !== 'info').map((f) => ({ file: f.file, line: f.line, ruleId: f.ruleId })), expected.findings);
    });
  }
});
