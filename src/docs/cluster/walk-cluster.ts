import path from 'node:path';
import { at, bool, isKind, isObj, list, metaName, str, FLUX_KS_GROUP, type Obj } from './fields.ts';
import { awaitsBootstrap, BOOTSTRAP_SOURCE, within } from './find-roots.ts';
import { buildDirectory, type BuildContext, type BuiltObject } from './kustomize-build.ts';
import type { Scratch } from './kustomize-real.ts';
import { keyOf, type FluxKustomizationInfo } from './model.ts';
import {
  asExternalSecret, asFluxInstance, asHelmRelease, asNamespace, asResourceSet, asSecretStore, asSource, namespaceOf,
  type InstanceSync, type PendingHelmRelease, type SourceObject,
} from './recognize.ts';
import type { RepoFiles } from './repo-files.ts';
import { resolveArtifactPath } from './resolve-artifact.ts';
import { substituteObject } from './substitute.ts';
import { configMapData, substitutionPlan, type TreeConfigMaps } from './substitute-from.ts';

/** A Flux Kustomization while walking: its summary plus what the chart lookup still needs. */
export interface WalkedKustomization {
  info: FluxKustomizationInfo;
  pendingReleases: PendingHelmRelease[];
  /** It has `postBuild`: Flux substitutes variables in what it builds. */
  substitutes?: boolean;
}

export interface WalkResult {
  kustomizations: WalkedKustomization[];
  sources: SourceObject[];
  reached: Set<string>;
  /** Namespaces of the objects the roots apply themselves (the cluster's own Kustomizations, its sources). */
  rootNamespaces: Set<string>;
  /** Namespace objects the roots apply themselves. */
  rootCreatedNamespaces: Set<string>;
}

/**
 * Walk a cluster the way Flux reconciles it: apply the roots (`kubectl apply -f FILE` or `-k DIR`),
 * then for every Flux Kustomization found build its path with its own overlay (targetNamespace,
 * components, patches, all after its parent's patches reached it), substitute its literal
 * variables, and continue with the Kustomizations that build produced.
 */
export function walkCluster(files: RepoFiles, roots: string[], scratch: Scratch): WalkResult {
  return walk({ files, reached: new Set(), scratch }, roots);
}

function walk(ctx: BuildContext, roots: string[]): WalkResult {
  const files = ctx.files;
  const byKey = new Map<string, WalkedKustomization>();
  const order: WalkedKustomization[] = [];
  const sources: SourceObject[] = [];
  const generators: Obj[] = [];
  const queue: { object: BuiltObject; walked: WalkedKustomization }[] = [];

  // Sources known to hold this repository besides GitRepositories: a FluxInstance's own sync
  // source, when it syncs the directory that holds it (`namespace/Kind/name`).
  const self = new Set<string>();
  const rootNamespaces = new Set<string>();
  const rootCreatedNamespaces = new Set<string>();
  const configMaps: TreeConfigMaps = new Map();
  // GitRepository `namespace/GitRepository/name` -> its URL and ref, only to tell this repository's tree from others.
  const gitUrls = new Map<string, string>();

  const take = (objects: BuiltObject[], parent: WalkedKustomization | undefined): void => {
    for (const object of objects) {
      const instance = asFluxInstance(object);
      const declared = isKind(object.value, FLUX_KS_GROUP, 'Kustomization') ? object : instance && instanceKustomization(files, instance, self);
      if (declared) {
        if (parent) addNamespace(parent, namespaceOf(declared.value));
        else {
          rootNamespaces.add(namespaceOf(declared.value));
          // The root Kustomization that syncs the directory holding it (flux-system) names this repository's source.
          const syncPath = str(declared.value, 'spec.path');
          const key = sourceKey(declared.value);
          if (!instance && key.includes('/GitRepository/') && syncPath !== undefined && within(files.abs(declared.file), path.resolve(files.root, syncPath))) self.add(key);
        }
        const walked = newKustomization(declared, parent);
        const key = keyOf(walked.info);
        // A Kustomization that reaches itself (a cluster that manages its own root) is walked once.
        if (byKey.has(key)) continue;
        byKey.set(key, walked);
        order.push(walked);
        queue.push({ object: declared, walked });
        if (!instance) continue;
      }
      if (isKind(object.value, 'source.extensions.fluxcd.io', 'ArtifactGenerator')) generators.push(object.value);
      const source = asSource(object);
      if (source) sources.push(source);
      if (source?.info.kind === 'GitRepository') gitUrls.set(`${source.info.namespace}/GitRepository/${source.info.name}`, gitTree(object.value));
      if (isKind(object.value, '', 'ConfigMap')) configMaps.set(`${namespaceOf(object.value)}/${metaName(object.value)}`, configMapData(object.value));
      const objectNamespace = str(object.value, 'metadata.namespace');
      const ns = asNamespace(object);
      if (!parent) {
        if (objectNamespace) rootNamespaces.add(objectNamespace);
        if (ns) {
          rootNamespaces.add(ns);
          rootCreatedNamespaces.add(ns);
        }
        continue;
      }
      if (objectNamespace) addNamespace(parent, objectNamespace);
      const release = asHelmRelease(object);
      if (release) {
        parent.pendingReleases.push(release);
        addNamespace(parent, release.namespace);
        const target = str(object.value, 'spec.targetNamespace');
        if (target) addNamespace(parent, target);
      }
      if (ns) {
        addNamespace(parent, ns);
        if (!parent.info.createdNamespaces.includes(ns)) parent.info.createdNamespaces.push(ns);
      }
      const es = asExternalSecret(object);
      if (es) parent.info.externalSecrets.push(es);
      const store = asSecretStore(object);
      if (store) parent.info.secretStores.push(store);
      if (source) parent.info.sources.push(source.info);
      const resourceSet = asResourceSet(object);
      if (resourceSet) parent.info.resourceSets.push(resourceSet);
    }
  };

  for (const root of roots) {
    if (files.isDir(root) && awaitsBootstrap(files, root)) self.add(BOOTSTRAP_SOURCE);
    take(files.isDir(root) ? buildDirectory(ctx, root) : rootObjects(ctx, root), undefined);
  }
  // A Kustomization whose substituteFrom ConfigMap the walk has not met yet waits until every other has been built once.
  let waiting = 0;
  while (queue.length > 0) {
    const item = queue.shift()!;
    const { object, walked } = item;
    let plan = substitutionPlan(object.value, walked.info.namespace, configMaps);
    if (plan.missing.length > 0 && waiting < queue.length) {
      queue.push(item);
      waiting++;
      continue;
    }
    waiting = 0;
    const dir = resolvePath(files, object.value, generators, { self, gitUrls }, walked);
    if (!dir) continue;
    const built = buildDirectory(ctx, dir, {
      namespace: str(object.value, 'spec.targetNamespace'),
      components: list(object.value, 'spec.components').filter((c): c is string => typeof c === 'string'),
      patches: list(object.value, 'spec.patches'),
    });
    // Flux reads the ConfigMap from the cluster, where a Kustomization's own build may have put it.
    if (plan.missing.length > 0) {
      for (const b of built) if (isKind(b.value, '', 'ConfigMap')) configMaps.set(`${namespaceOf(b.value)}/${metaName(b.value)}`, configMapData(b.value));
      plan = substitutionPlan(object.value, walked.info.namespace, configMaps);
    }
    const substituted = built.map((b) => ({ ...b, value: substituteObject(b.value, plan.substitution) }));
    if (at(object.value, 'spec.postBuild') !== undefined) {
      walked.substitutes = true;
      walked.info.unreadVariableSources = plan.unread;
    }
    take(substituted, walked);
  }
  return { kustomizations: order, sources, reached: ctx.reached, rootNamespaces, rootCreatedNamespaces };
}

function addNamespace(walked: WalkedKustomization, namespace: string): void {
  if (!walked.info.namespaces.includes(namespace)) walked.info.namespaces.push(namespace);
}

/**
 * The Kustomization a FluxInstance's `spec.sync` makes (named `flux-system` unless `sync.name`
 * says otherwise), as if declared where the instance is. When the instance sits inside the
 * directory it syncs, its source is this repository and is recorded in `self`.
 */
function instanceKustomization(files: RepoFiles, instance: InstanceSync, self: Set<string>): BuiltObject {
  if (within(files.abs(instance.origin.file), files.abs(instance.path))) self.add(`${instance.namespace}/${instance.kind}/${instance.name}`);
  return {
    file: instance.origin.file,
    line: instance.origin.line,
    value: {
      apiVersion: `${FLUX_KS_GROUP}/v1`,
      kind: 'Kustomization',
      metadata: { name: instance.name, namespace: instance.namespace },
      spec: { path: instance.path, sourceRef: { kind: instance.kind, name: instance.name }, ...(instance.interval ? { interval: instance.interval } : {}) },
    },
  };
}

function rootObjects(ctx: BuildContext, file: string): BuiltObject[] {
  ctx.reached.add(ctx.files.rel(file));
  return ctx.files.documents(file).map((d) => ({ ...d, value: structuredClone(d.value) }));
}

function newKustomization(object: BuiltObject, parent: WalkedKustomization | undefined): WalkedKustomization {
  const value = object.value;
  const namespace = namespaceOf(value);
  const dependsOn = list(value, 'spec.dependsOn')
    .map((d) => ({ name: str(d, 'name') ?? '', namespace: str(d, 'namespace') ?? namespace }))
    .filter((d) => d.name !== '');
  const interval = str(value, 'spec.interval');
  const prune = bool(value, 'spec.prune');
  const wait = bool(value, 'spec.wait');
  return {
    info: {
      name: metaName(value),
      namespace,
      path: str(value, 'spec.path') ?? './',
      source: `${str(value, 'spec.sourceRef.kind') ?? 'GitRepository'}/${str(value, 'spec.sourceRef.name') ?? ''}`,
      dependsOn,
      ...(interval !== undefined ? { interval } : {}),
      ...(prune !== undefined ? { prune } : {}),
      ...(wait !== undefined ? { wait } : {}),
      ...(parent ? { parent: keyOf(parent.info) } : {}),
      helmReleases: [],
      namespaces: [],
      createdNamespaces: [],
      externalSecrets: [],
      secretStores: [],
      sources: [],
      resourceSets: [],
      keptVariables: [],
      unreadVariableSources: [],
      origin: { file: object.file, line: object.line },
    },
    pendingReleases: [],
  };
}

/** A GitRepository's URL and ref: another branch of the same repository is another tree. */
function gitTree(value: Obj): string {
  const url = str(value, 'spec.url');
  return url ? `${url}#${JSON.stringify(at(value, 'spec.ref') ?? {})}` : '';
}

/** `namespace/Kind/name` of a Kustomization's source. */
function sourceKey(value: Obj): string {
  return `${str(value, 'spec.sourceRef.namespace') ?? namespaceOf(value)}/${str(value, 'spec.sourceRef.kind') ?? 'GitRepository'}/${str(value, 'spec.sourceRef.name') ?? ''}`;
}

/**
 * Whether a source is this repository: the source of the Kustomization that syncs the directory
 * holding it (or of a FluxInstance's sync), or a GitRepository of the same URL and ref. With no such
 * Kustomization among the roots, every GitRepository is taken for this one.
 */
function isThisRepository(key: string, known: { self: Set<string>; gitUrls: Map<string, string> }): boolean {
  if (known.self.has(key)) return true;
  if (!key.split('/').includes('GitRepository')) return false;
  const selfGit = [...known.self].filter((k) => k.includes('/GitRepository/'));
  if (selfGit.length === 0) return true;
  const url = known.gitUrls.get(key);
  return url !== undefined && url !== '' && selfGit.some((k) => known.gitUrls.get(k) === url);
}

/** The repository directory a Kustomization builds, or undefined (with the reason recorded). */
function resolvePath(files: RepoFiles, value: Obj, generators: Obj[], known: { self: Set<string>; gitUrls: Map<string, string> }, walked: WalkedKustomization): string | undefined {
  const info = walked.info;
  const kind = str(value, 'spec.sourceRef.kind') ?? 'GitRepository';
  const name = str(value, 'spec.sourceRef.name') ?? '';
  let rel: string | undefined = info.path;
  if (kind === 'ExternalArtifact') rel = resolveArtifactPath(files, generators, name, info.path);
  else if (!isThisRepository(sourceKey(value), known)) {
    info.notFollowed = `its source ${info.source} is outside this repository; the book does not read it`;
    return undefined;
  }
  if (rel === undefined) {
    info.notFollowed = `its source ${info.source} is not this repository`;
    return undefined;
  }
  const dir = path.resolve(files.root, rel);
  if (!files.isDir(dir) || path.relative(files.root, dir).startsWith('..')) {
    info.notFollowed = 'its path is not a directory of this repository';
    files.report(info.origin.file, `Unexpected path \`${info.path}\` of Kustomization \`${info.name}\`, expected a directory of the repository`, {
      line: info.origin.line, ruleId: 'docs-path-missing', hint: 'Flux would fail to build it; check spec.path',
    });
    return undefined;
  }
  info.path = files.rel(dir);
  return dir;
}
