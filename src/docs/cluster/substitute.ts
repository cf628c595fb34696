import { isObj, labelsOf, type Obj } from './fields.ts';

export interface Substitution {
  /** Literal `postBuild.substitute` values. */
  vars: Record<string, string>;
  /** `postBuild.substituteFrom` is set: its values live in the cluster, so unknown names stay `${VAR}`. */
  fromCluster: boolean;
}

const DISABLED = 'kustomize.toolkit.fluxcd.io/substitute';
// drone/envsubst forms Flux accepts: ${NAME}, ${NAME:=d}, ${NAME:-d}, ${NAME=d}, ${NAME-d}; $${...} escapes.
const VAR = /\$(\$)?\{([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[=-])([^}]*))?\}/g;

/** Expand one string: known literals are replaced, everything Flux would read from the cluster is kept. */
export function substituteText(text: string, sub: Substitution): string {
  return text.replace(VAR, (whole, escape: string | undefined, name: string, op: string | undefined, fallback: string | undefined) => {
    if (escape) return whole.slice(1);
    const value = sub.vars[name];
    if (value !== undefined) return value.replace(/\n/g, '');
    if (!sub.fromCluster && op !== undefined) return fallback ?? '';
    return whole;
  });
}

/**
 * Flux substitutes after the build, per object, unless the object opts out by label or
 * annotation; with no variables at all it does not run (so `$${X}` stays as written).
 */
export function substituteObject(value: Obj, sub: Substitution): Obj {
  const runs = Object.keys(sub.vars).length > 0 || sub.fromCluster;
  if (!runs) return value;
  if (labelsOf(value, 'labels')[DISABLED] === 'disabled' || labelsOf(value, 'annotations')[DISABLED] === 'disabled') {
    return value;
  }
  return walk(value, sub) as Obj;
}

/** The variables still written `${NAME}` in an object after substitution (escaped `$${X}` excluded). */
export function variablesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const m of value.matchAll(VAR)) if (!m[1]) found.add(m[2]!);
  } else if (Array.isArray(value)) {
    for (const v of value) variablesIn(v, found);
  } else if (isObj(value)) {
    for (const v of Object.values(value)) variablesIn(v, found);
  }
  return found;
}

function walk(value: unknown, sub: Substitution): unknown {
  if (typeof value === 'string') return value.includes('$') ? substituteText(value, sub) : value;
  if (Array.isArray(value)) return value.map((v) => walk(v, sub));
  if (isObj(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, sub);
    return out;
  }
  return value;
}
