import type { ExternalSecretInfo, ResourceSetInfo, SecretStoreInfo, SecretStoreRef, SourceInfo } from './model.ts';
import { at, groupOf, isObj, kindOf, list, metaName, metaNamespace, str, type Obj } from './fields.ts';
import type { BuiltObject } from './kustomize-build.ts';

/** Namespace of an object that has none after the build: where Kubernetes would put it. */
export const DEFAULT_NAMESPACE = 'default';

export function namespaceOf(value: Obj): string {
  return metaNamespace(value) ?? DEFAULT_NAMESPACE;
}

/** A HelmRelease before its chart is looked up among the cluster's sources. */
export interface PendingHelmRelease {
  name: string;
  namespace: string;
  apiVersion: string;
  chartSpec?: { chart: string; version: string | undefined; source: { kind: string; name: string; namespace: string } };
  chartRef?: { kind: string; name: string; namespace: string };
  /**
   * Every string of its values and valuesFrom, kept in memory only to tell which ExternalSecret's
   * Secret it reads; never printed.
   */
  mentions: Set<string>;
  origin: { file: string; line: number };
}

const HELM_GROUP = 'helm.toolkit.fluxcd.io';
const SOURCE_GROUP = 'source.toolkit.fluxcd.io';
const ESO_GROUP = 'external-secrets.io';

export function asHelmRelease(o: BuiltObject): PendingHelmRelease | undefined {
  if (kindOf(o.value) !== 'HelmRelease' || groupOf(o.value) !== HELM_GROUP) return undefined;
  const namespace = namespaceOf(o.value);
  const base = {
    name: metaName(o.value),
    namespace,
    apiVersion: String(o.value.apiVersion),
    mentions: stringsIn([at(o.value, 'spec.values'), at(o.value, 'spec.valuesFrom')]),
    origin: { file: o.file, line: o.line },
  };
  const ref = at(o.value, 'spec.chartRef');
  if (isObj(ref) && typeof ref.name === 'string') {
    return {
      ...base,
      chartRef: { kind: str(ref, 'kind') ?? 'OCIRepository', name: ref.name, namespace: str(ref, 'namespace') ?? namespace },
    };
  }
  const spec = at(o.value, 'spec.chart.spec');
  if (isObj(spec)) {
    return {
      ...base,
      chartSpec: {
        chart: str(spec, 'chart') ?? '',
        version: str(spec, 'version'),
        source: {
          kind: str(spec, 'sourceRef.kind') ?? 'HelmRepository',
          name: str(spec, 'sourceRef.name') ?? '',
          namespace: str(spec, 'sourceRef.namespace') ?? namespace,
        },
      },
    };
  }
  return base;
}

function stringsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (isObj(value)) for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/** A source object kept whole for chart lookups; its summary never carries the URL. */
export interface SourceObject {
  info: SourceInfo;
  value: Obj;
}

export function asSource(o: BuiltObject): SourceObject | undefined {
  const kind = kindOf(o.value);
  if (groupOf(o.value) !== SOURCE_GROUP) return undefined;
  if (kind !== 'HelmRepository' && kind !== 'OCIRepository' && kind !== 'GitRepository' && kind !== 'HelmChart') return undefined;
  let detail = '';
  if (kind === 'HelmRepository') detail = str(o.value, 'spec.type') ?? 'default';
  else if (kind === 'OCIRepository') detail = ociVersion(o.value);
  else if (kind === 'GitRepository') detail = refOf(o.value);
  else detail = str(o.value, 'spec.version') ?? '*';
  return {
    info: { kind, name: metaName(o.value), namespace: namespaceOf(o.value), detail, origin: { file: o.file, line: o.line } },
    value: o.value,
  };
}

/** The version an OCIRepository pins: `ref.tag`, else `ref.semver`, else a short digest. */
export function ociVersion(value: Obj): string {
  const tag = str(value, 'spec.ref.tag');
  const semver = str(value, 'spec.ref.semver');
  const digest = str(value, 'spec.ref.digest');
  if (tag) return tag;
  if (semver) return semver;
  if (digest) return `digest ${digest.slice(0, 19)}`;
  return 'latest';
}

function refOf(value: Obj): string {
  for (const key of ['tag', 'semver', 'branch', 'name']) {
    const v = str(value, `spec.ref.${key}`);
    if (v) return `${key} ${v}`;
  }
  return 'default branch';
}

export function asNamespace(o: BuiltObject): string | undefined {
  return kindOf(o.value) === 'Namespace' && groupOf(o.value) === '' ? metaName(o.value) : undefined;
}

/** An ExternalSecret by the stores it reads from: kind and name, never keys, paths or templates. */
export function asExternalSecret(o: BuiltObject): ExternalSecretInfo | undefined {
  if (kindOf(o.value) !== 'ExternalSecret' || groupOf(o.value) !== ESO_GROUP) return undefined;
  const stores: SecretStoreRef[] = [];
  const add = (ref: unknown): void => {
    if (!isObj(ref) || typeof ref.name !== 'string') return;
    const store = { kind: str(ref, 'kind') ?? 'SecretStore', name: ref.name };
    if (!stores.some((s) => s.kind === store.kind && s.name === store.name)) stores.push(store);
  };
  add(at(o.value, 'spec.secretStoreRef'));
  for (const entry of [...list(o.value, 'spec.data'), ...list(o.value, 'spec.dataFrom')]) add(at(entry, 'sourceRef.storeRef'));
  const name = metaName(o.value);
  return { name, namespace: namespaceOf(o.value), target: str(o.value, 'spec.target.name') ?? name, stores, apps: [], origin: { file: o.file, line: o.line } };
}

/** A secret store by its provider only (`onepassword`, `vault`...), never its configuration. */
export function asSecretStore(o: BuiltObject): SecretStoreInfo | undefined {
  const kind = kindOf(o.value);
  if ((kind !== 'ClusterSecretStore' && kind !== 'SecretStore') || groupOf(o.value) !== ESO_GROUP) return undefined;
  const provider = at(o.value, 'spec.provider');
  return {
    kind,
    name: metaName(o.value),
    namespace: kind === 'SecretStore' ? namespaceOf(o.value) : '',
    provider: isObj(provider) ? (Object.keys(provider)[0] ?? 'unknown') : 'unknown',
    origin: { file: o.file, line: o.line },
  };
}

const OPERATOR_GROUP = 'fluxcd.controlplane.io';

/** A ResourceSet by the kinds it generates and the number of its inputs, never their values. */
export function asResourceSet(o: BuiltObject): ResourceSetInfo | undefined {
  if (kindOf(o.value) !== 'ResourceSet' || groupOf(o.value) !== OPERATOR_GROUP) return undefined;
  const kinds = list(o.value, 'spec.resources').map((r) => (isObj(r) ? kindOf(r) : ''));
  // `resourcesTemplate` is one Go-templated YAML stream: its documents' top-level kinds.
  const template = str(o.value, 'spec.resourcesTemplate');
  if (template) for (const m of template.matchAll(/^kind:[ \t]*["']?([^\s"'#]+)/gm)) kinds.push(m[1]!);
  const generates: ResourceSetInfo['generates'] = [];
  for (const raw of kinds) {
    const kind = /^[A-Za-z][A-Za-z0-9]*$/.test(raw) ? raw : 'templated';
    const entry = generates.find((g) => g.kind === kind);
    if (entry) entry.count++;
    else generates.push({ kind, count: 1 });
  }
  return {
    name: metaName(o.value),
    namespace: namespaceOf(o.value),
    inputs: list(o.value, 'spec.inputs').length,
    inputsFrom: list(o.value, 'spec.inputsFrom').map((r) => `${str(r, 'kind') ?? 'ResourceSetInputProvider'}/${str(r, 'name') ?? '(selector)'}`),
    generates,
    origin: { file: o.file, line: o.line },
  };
}

/** What a FluxInstance syncs: the source it creates (`flux-system`, of `sync.kind`) and the path. */
export interface InstanceSync {
  namespace: string;
  name: string;
  kind: string;
  path: string;
  interval: string | undefined;
  origin: { file: string; line: number };
}

export function asFluxInstance(o: BuiltObject): InstanceSync | undefined {
  if (kindOf(o.value) !== 'FluxInstance' || groupOf(o.value) !== OPERATOR_GROUP) return undefined;
  const kind = str(o.value, 'spec.sync.kind');
  const path = str(o.value, 'spec.sync.path');
  if (!kind || path === undefined) return undefined;
  return {
    namespace: namespaceOf(o.value),
    name: str(o.value, 'spec.sync.name') ?? 'flux-system',
    kind,
    path,
    interval: str(o.value, 'spec.sync.interval'),
    origin: { file: o.file, line: o.line },
  };
}
