import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { storeNames } from '../../src/docs/cluster/app-secrets.ts';
import { keyOf } from '../../src/docs/cluster/model.ts';
import { readClusters } from '../../src/docs/cluster/read-clusters.ts';
import { renderClusterChapter } from '../../src/docs/render-cluster.ts';
import { scanText } from '../../src/leak/index.ts';

// One fixture folder per trap of real Flux trees: `repo/` is the GitOps tree, `expected.yaml`
// the chapter's model (layers, namespaces in use and created, releases with their own stores,
// shared stores, ResourceSets by what they generate, SOPS count) and findings.
const fixtures = path.resolve(import.meta.dirname, '../fixtures/docs/traps');

interface ExpectedCluster {
  layers: string[][];
  namespaces: string[];
  created: string[];
  sops: number;
  releases: { key: string; chart: string; version: string; source: string; stores: string[] }[];
  /** Stores of ExternalSecrets no app owns (listed only when there are some). */
  sharedStores?: string[];
  /** `Kustomization: ResourceSet, inputs, kinds` (listed only when there are some). */
  resourceSets?: string[];
  /** `Kustomization: VARS from SOURCES` of variables left `${VAR}` (listed only when there are some). */
  kept?: string[];
  /** `Kustomization: why` of Kustomizations not followed (listed only when there are some). */
  notFollowed?: string[];
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
        const ks = cluster.kustomizations;
        const shared = storeNames(ks.flatMap((k) => k.externalSecrets.filter((e) => e.apps.length === 0)));
        const kept = ks.filter((k) => k.keptVariables.length > 0).map((k) => `${keyOf(k)}: ${k.keptVariables.join(', ')} from ${k.unreadVariableSources.join(', ') || 'nowhere'}`);
        const notFollowed = ks.filter((k) => k.notFollowed).map((k) => `${keyOf(k)}: ${k.notFollowed}`);
        const sets = ks.flatMap((k) => k.resourceSets.map((r) =>
          `${keyOf(k)}: ${keyOf(r)}, inputs ${r.inputs}${r.inputsFrom.map((f) => ` + ${f}`).join('')}, ${r.generates.map((g) => `${g.count} ${g.kind}`).join(' ')}`));
        actual[cluster.name] = {
          layers: cluster.layers.map((l) => l.kustomizations),
          namespaces: cluster.namespaces,
          created: cluster.createdNamespaces,
          sops: cluster.sopsDocumentsSkipped,
          releases: ks
            .flatMap((k) => k.helmReleases.map((r) => ({
              key: keyOf(r), chart: r.chart, version: r.version, source: r.source,
              stores: storeNames(k.externalSecrets.filter((e) => e.apps.includes(keyOf(r)))),
            })))
            .sort((a, b) => a.key.localeCompare(b.key)),
          ...(shared.length > 0 ? { sharedStores: shared } : {}),
          ...(sets.length > 0 ? { resourceSets: sets } : {}),
          ...(kept.length > 0 ? { kept } : {}),
          ...(notFollowed.length > 0 ? { notFollowed } : {}),
        };
      }
      assert.deepEqual(actual, expected.clusters);
      assert.deepEqual(findings.filter((f) => f.severity !== 'info').map((f) => ({ file: f.file, line: f.line, ruleId: f.ruleId })), expected.findings);
    });
  }
});

describe('cluster chapter pages of the traps', () => {
  const render = (name: string): Map<string, string> => {
    const { clusters } = readClusters(path.join(fixtures, name, 'repo'));
    const provenance = { branch: 'trunk', shortSha: 'abc1234', date: '2023-11-14' };
    return new Map(renderClusterChapter(clusters, provenance).map((p) => [p.path, p.markdown]));
  };

  it('with docs.sourceUrl, each Kustomization and app links its file and line at the provenance commit; outside git, none', () => {
    const { clusters } = readClusters(path.join(fixtures, 'app-stores', 'repo'));
    const template = 'https://git.example.com/ops/blob/{rev}/{path}#L{line}';
    const layer = renderClusterChapter(clusters, { branch: 'trunk', shortSha: 'abc1234', date: '2023-11-14' }, template).find((p) => p.path === 'cluster/main/layer-1.md')!.markdown;
    const alpha = layer.split('\n').find((l) => l.startsWith('| [`alpha`]'));
    assert.ok(alpha, layer);
    const release = clusters[0]!.kustomizations.flatMap((k) => k.helmReleases).find((r) => r.name === 'alpha')!;
    assert.ok(alpha.includes(`(https://git.example.com/ops/blob/abc1234/${release.origin.file}#L${release.origin.line})`), alpha);
    assert.match(layer, /^\| declared in \| \[`clusters\/main\/[^`]+:\d+`\]\(https:\/\/git\.example\.com\/ops\/blob\/abc1234\/clusters\/main\/[^)]+#L\d+\) \|$/m);
    const plain = renderClusterChapter(clusters, { branch: 'no branch', shortSha: 'not a git checkout', date: '2023-11-14' }, template);
    assert.ok(plain.every((p) => !p.markdown.includes('git.example.com')));
  });

  it('app-stores: each app row shows its own stores, the shared one apart; namespaces in use and created', () => {
    const pages = render('app-stores');
    const layer = pages.get('cluster/main/layer-1.md')!;
    const row = (app: string): string => layer.split('\n').find((l) => l.startsWith(`| \`${app}\` |`)) ?? '';
    assert.match(row('alpha'), /\| `ClusterSecretStore\/vault` \|$/);
    assert.match(row('beta'), /\| — \|$/);
    assert.match(row('gamma'), /\| `ClusterSecretStore\/onepassword`, `SecretStore\/local` \|$/);
    assert.match(layer, /^Other secrets read from `ClusterSecretStore\/registry`\.$/m);
    const overview = pages.get('cluster/main/index.md')!;
    assert.match(overview, /4 namespaces \(1 created by the tree\)/);
    assert.match(overview, /^\| `apps` \| created \|$/m);
    assert.match(overview, /^\| `gamma-run` \| — \|$/m);
  });

  it('resource-sets: listed per layer by the kinds they generate, never their inputs', () => {
    const pages = render('resource-sets');
    const layer = pages.get('cluster/lab/layer-1.md')!;
    assert.match(layer, /^\| `flux-system\/tenants` \| 2 inline \| 1 `Namespace`, 1 `OCIRepository`, 2 `Kustomization` \|$/m);
    assert.match(layer, /^\| `flux-system\/previews` \| from `ResourceSetInputProvider\/pull-requests` \| 1 `HelmRelease`, 1 `templated` \|$/m);
    assert.match(layer, /^\| `flux-system\/operator` \| none \(rendered once\) \| 1 `OCIRepository`, 1 `HelmRelease` \|$/m);
    assert.match(pages.get('cluster/lab/index.md')!, /2 Flux Kustomizations in 1 layer, 0 HelmReleases, 3 ResourceSets/);
    for (const [file, text] of pages) {
      assert.doesNotMatch(text, /must-never-appear|registry\.example\.org|10\.77\./, `${file} shows an input or an address`);
      assert.deepEqual(scanText(file, text), [], `${file} has leak findings`);
    }
  });
});
