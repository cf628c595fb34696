import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { readClusters } from '../../src/docs/cluster/read-clusters.ts';

// The project's own Flux layout (design §6): apps depends on the secret stores layer, which
// depends on infrastructure. The chapter must read it in that order.
const projectRoot = path.resolve(import.meta.dirname, '../..');
const root = path.join(projectRoot, 'deploy/flux/clusters/example');

it('reads the project’s own cluster in three layers', { skip: existsSync(root) ? false : 'no deploy/flux/clusters/example in this checkout' }, () => {
  const { clusters } = readClusters(projectRoot, [root]);
  assert.equal(clusters.length, 1);
  assert.deepEqual(clusters[0]!.layers.map((l) => l.kustomizations.map((k) => k.split('/')[1])), [['infrastructure'], ['secret-stores'], ['apps']]);
  assert.deepEqual(clusters[0]!.kustomizations.flatMap((k) => k.secretStores.map((s) => s.kind)), ['ClusterSecretStore']);
});
