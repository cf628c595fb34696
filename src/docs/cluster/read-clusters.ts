import { collectFindings } from '../../report/collect.ts';
import type { Finding } from '../../report/finding.ts';
import { findRoots, groupRoots } from './find-roots.ts';
import { ownersOf } from './app-secrets.ts';
import { layersOf } from './layers.ts';
import { clusterSchema, keyOf, type ClusterInfo, type FluxKustomizationInfo } from './model.ts';
import { RepoFiles } from './repo-files.ts';
import { resolveChart, sourceIndex } from './resolve-charts.ts';
import { variablesIn } from './substitute.ts';
import { Scratch } from './kustomize-real.ts';
import { walkCluster } from './walk-cluster.ts';

export interface ClusterReading {
  clusters: ClusterInfo[];
  findings: Finding[];
}

/**
 * Read every cluster of a GitOps repository: from the given roots (files or directories,
 * absolute) or, without any, from the roots found in the tree. Bad input is a finding, never a throw.
 */
export function readClusters(repo: string, roots: string[] = []): ClusterReading {
  const files = new RepoFiles(repo);
  const grouped = groupRoots(files, roots.length > 0 ? roots : findRoots(files));
  const scratch = new Scratch(files);
  try {
    const clusters = [...grouped].map(([name, clusterRoots]) => readCluster(files, name, clusterRoots, scratch));
    return { clusters, findings: collectFindings(files.vfiles.values()) };
  } finally {
    scratch.dispose();
  }
}

/** One cluster: its walk, charts resolved, layers, namespaces and the SOPS documents it reached. */
function readCluster(files: RepoFiles, name: string, clusterRoots: string[], scratch: Scratch): ClusterInfo {
  const walk = walkCluster(files, clusterRoots, scratch);
  const sources = sourceIndex(walk.sources);
  const kustomizations = walk.kustomizations.map(({ info, pendingReleases }) => ({
    ...info,
    helmReleases: pendingReleases.map((r) => resolveChart(files, r, sources)).sort((a, b) => keyOf(a).localeCompare(keyOf(b))),
    externalSecrets: info.externalSecrets.map((e) => ({ ...e, apps: ownersOf(e, pendingReleases).map(keyOf).sort() })),
    namespaces: [...info.namespaces].sort(),
    createdNamespaces: [...info.createdNamespaces].sort(),
  }));
  kustomizations.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  for (const { info, substitutes } of walk.kustomizations) {
    if (substitutes) kustomizations.find((k) => keyOf(k) === keyOf(info))!.keptVariables = keptVariables(kustomizations, keyOf(info));
  }
  let sops = 0;
  for (const file of walk.reached) sops += files.sopsSkipped.get(file) ?? 0;
  return clusterSchema.parse({
    name,
    roots: clusterRoots.map((r) => files.rel(r)),
    kustomizations,
    layers: layersOf(files, kustomizations),
    namespaces: [...new Set([...walk.rootNamespaces, ...kustomizations.flatMap((k) => k.namespaces)])].sort(),
    createdNamespaces: [...new Set([...walk.rootCreatedNamespaces, ...kustomizations.flatMap((k) => k.createdNamespaces)])].sort(),
    sopsDocumentsSkipped: sops,
  });
}

/** Variables still `${VAR}` in what the book shows of a Kustomization: its apps, namespaces, stores, and the Kustomizations it applies. */
function keptVariables(all: FluxKustomizationInfo[], key: string): string[] {
  const k = all.find((x) => keyOf(x) === key)!;
  const shown = [
    k.helmReleases.map((r) => [r.name, r.namespace, r.chart, r.version, r.source]), k.namespaces, k.createdNamespaces,
    k.externalSecrets.map((e) => [e.name, e.namespace, e.stores.map((s) => s.name)]), k.secretStores.map((s) => [s.name, s.namespace]),
    all.filter((c) => c.parent === key).map((c) => [c.name, c.namespace, c.path, c.source]),
  ];
  return [...variablesIn(shown)].sort();
}
