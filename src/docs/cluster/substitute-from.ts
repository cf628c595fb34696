import { isObj, list, str, type Obj } from './fields.ts';
import type { Substitution } from './substitute.ts';

/** ConfigMaps the tree itself applies, by `namespace/name`: their string data. */
export type TreeConfigMaps = Map<string, Record<string, string>>;

export interface SubstitutionPlan {
  substitution: Substitution;
  /** `Kind/name` of substituteFrom entries whose values the book does not have (Secrets, ConfigMaps not in the tree). */
  unread: string[];
  /** ConfigMaps named but not applied by the tree (yet): the walk may meet them later. */
  missing: string[];
}

/**
 * A Flux Kustomization's `postBuild` variables as kustomize-controller gathers them: each
 * `substituteFrom` in order (later ones win), then `substitute` over them. ConfigMaps the tree
 * defines in the Kustomization's namespace are read; Secrets never are, so their variables stay `${VAR}`.
 */
export function substitutionPlan(ks: Obj, namespace: string, configMaps: TreeConfigMaps): SubstitutionPlan {
  const vars: Record<string, string> = {};
  const unread: string[] = [];
  const missing: string[] = [];
  for (const entry of list(ks, 'spec.postBuild.substituteFrom')) {
    const kind = str(entry, 'kind') ?? 'ConfigMap';
    const name = str(entry, 'name') ?? '';
    const data = kind === 'ConfigMap' ? configMaps.get(`${namespace}/${name}`) : undefined;
    if (data) Object.assign(vars, data);
    else {
      unread.push(`${kind}/${name}`);
      if (kind === 'ConfigMap') missing.push(name);
    }
  }
  const literal = isObj(ks.spec) && isObj(ks.spec.postBuild) ? ks.spec.postBuild.substitute : undefined;
  if (isObj(literal)) for (const [k, v] of Object.entries(literal)) if (v !== null && v !== undefined) vars[k] = String(v);
  return { substitution: { vars, fromCluster: unread.length > 0 }, unread, missing };
}

/** A ConfigMap's `data` as strings (binaryData is never variables). */
export function configMapData(value: Obj): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(value.data)) for (const [k, v] of Object.entries(value.data)) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}
