import path from 'node:path';
import { isKind, list, str, FLUX_KS_GROUP, type Obj } from './fields.ts';
import { kustomizationFile } from './kustomize-real.ts';
import type { RepoFiles } from './repo-files.ts';
import { resolveArtifactPath } from './resolve-artifact.ts';

/** Cluster roots grouped by cluster name; each root a repository file or directory (absolute). */
export type RootsByCluster = Map<string, string[]>;

/** The source `flux bootstrap` writes into gotk-sync.yaml: this repository, at the branch it was bootstrapped from. */
export const BOOTSTRAP_SOURCE = 'flux-system/GitRepository/flux-system';

/**
 * Whether `dir` is a `flux bootstrap --path` whose flux-system/gotk-sync.yaml is still the
 * placeholder bootstrap overwrites (fluxcd/flux2-multi-tenancy ships it so): no source, no
 * Kustomization, yet bootstrap will sync `dir` from BOOTSTRAP_SOURCE.
 */
export function awaitsBootstrap(files: RepoFiles, dir: string): boolean {
  const sync = path.join(dir, 'flux-system', 'gotk-sync.yaml');
  return files.isFile(sync) && files.documents(sync).length === 0;
}

/**
 * Without `--root`: the directories holding Flux Kustomizations that no Kustomization declared
 * elsewhere builds (`flux bootstrap --path` targets, `kubectl apply -k` roots). Every YAML file is
 * read once here; the walk reuses the parsed documents.
 */
export function findRoots(files: RepoFiles): string[] {
  const declared: { dir: string; value: Obj }[] = [];
  const generators: Obj[] = [];
  // A FluxInstance's sync path is a root: the operator applies it, nothing in the tree does.
  const synced: { dir: string; builds: string }[] = [];
  for (const file of yamlFiles(files, files.root)) {
    const bootstrapped = path.dirname(path.dirname(file));
    if (path.basename(file) === 'gotk-sync.yaml' && awaitsBootstrap(files, bootstrapped)) synced.push({ dir: bootstrapped, builds: bootstrapped });
    // Parsing is the cost of the whole chapter; only files that can hold these kinds are parsed.
    const text = files.text(file);
    if (!text.includes('kustomize.toolkit.fluxcd.io') && !text.includes('ArtifactGenerator') && !text.includes('FluxInstance')) continue;
    for (const doc of files.documents(file)) {
      if (isKind(doc.value, FLUX_KS_GROUP, 'Kustomization')) declared.push({ dir: path.dirname(file), value: doc.value });
      if (isKind(doc.value, 'source.extensions.fluxcd.io', 'ArtifactGenerator')) generators.push(doc.value);
      const sync = isKind(doc.value, 'fluxcd.controlplane.io', 'FluxInstance') ? str(doc.value, 'spec.sync.path') : undefined;
      if (sync !== undefined && files.isDir(files.abs(sync))) synced.push({ dir: path.dirname(file), builds: files.abs(sync) });
    }
  }
  const built = declared.map(({ dir, value }) => {
    const kind = str(value, 'spec.sourceRef.kind') ?? 'GitRepository';
    const p = str(value, 'spec.path') ?? './';
    const rel = kind === 'ExternalArtifact' ? resolveArtifactPath(files, generators, str(value, 'spec.sourceRef.name') ?? '', p)
      : kind === 'GitRepository' ? p : undefined;
    return { dir, builds: rel === undefined ? undefined : files.abs(rel) };
  });
  const builders = [...built, ...synced].map((b) => ({ dir: b.dir, reaches: b.builds === undefined ? [] : reachedDirs(files, b.builds) }));
  const roots = new Set(synced.map((s) => s.builds));
  const dirs = [...new Set([...declared.map((d) => d.dir), ...roots])].sort();
  return dirs.filter((dir) => roots.has(dir) || !builders.some((b) => b.dir !== dir && b.reaches.some((r) => within(dir, r))));
}

/** A built directory and those its kustomization reaches as resources, bases or components (`../base/dev-team`). */
function reachedDirs(files: RepoFiles, dir: string, seen = new Set<string>()): string[] {
  if (seen.has(dir)) return [];
  seen.add(dir);
  const kfile = kustomizationFile(files, dir);
  const kustomization = kfile ? files.documents(kfile)[0]?.value ?? {} : {};
  const entries = [...list(kustomization, 'resources'), ...list(kustomization, 'bases'), ...list(kustomization, 'components')];
  return [dir, ...entries.flatMap((e) => typeof e === 'string' && files.isDir(path.resolve(dir, e)) ? reachedDirs(files, path.resolve(dir, e), seen) : [])];
}

/** Whether absolute path `dir` is `parent` or below it. */
export function within(dir: string, parent: string): boolean {
  const rel = path.relative(parent, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function yamlFiles(files: RepoFiles, dir: string): string[] {
  const out: string[] = [];
  for (const name of files.list(dir)) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = path.join(dir, name);
    if (files.isDir(full)) out.push(...yamlFiles(files, full));
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

/** A cluster's name from where its root lives: `clusters/<name>`, `kubernetes/<name>/flux` or `/cluster`, a bootstrap path, else the repository's. */
export function clusterName(files: RepoFiles, root: string): string {
  const rel = files.rel(root);
  const fromClusters = /(?:^|\/)clusters\/([^/]+)/.exec(rel);
  if (fromClusters) return fromClusters[1]!.replace(/\.ya?ml$/, '');
  // `kubernetes/<name>/flux` or `kubernetes/<name>/cluster` (one tree per cluster); `kubernetes/flux/cluster` is a single cluster's.
  const fromKubernetes = /(?:^|\/)kubernetes\/([^/]+)\/(?:flux|cluster)(?:\/|$)/.exec(rel);
  if (fromKubernetes && fromKubernetes[1] !== 'flux') return fromKubernetes[1]!;
  // Any other `flux bootstrap --path` (a hub's `hub/`, the root found being `hub/flux-system`): the directory holding flux-system.
  let dir = files.isDir(root) ? root : path.dirname(root);
  if (path.basename(dir) === 'flux-system') dir = path.dirname(dir);
  if (dir !== files.root && files.isDir(path.join(dir, 'flux-system'))) return path.basename(dir);
  return path.basename(files.root);
}

export function groupRoots(files: RepoFiles, roots: string[]): RootsByCluster {
  const out: RootsByCluster = new Map();
  for (const root of roots) {
    const name = clusterName(files, root);
    out.set(name, [...(out.get(name) ?? []), root]);
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
