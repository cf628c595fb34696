import { groupOf, isObj, kindOf, labelsOf, metaName, metaNamespace, type Obj } from './fields.ts';

/** A kustomize patch target (`patches[].target`); every field a regular expression, anchored. */
export interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export function readTarget(value: unknown): Target | undefined {
  if (!isObj(value)) return undefined;
  const out: Target = {};
  for (const key of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const) {
    const v = value[key];
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

function matches(pattern: string | undefined, actual: string): boolean {
  if (pattern === undefined || pattern === '') return true;
  try {
    return new RegExp(`^(?:${pattern})$`).test(actual);
  } catch {
    return pattern === actual;
  }
}

/** Does the object fall under the target, the way kustomize selects patch targets? */
export function selects(target: Target, object: Obj): boolean {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  return (
    matches(target.group, groupOf(object)) &&
    matches(target.version, version) &&
    matches(target.kind, kindOf(object)) &&
    matches(target.name, metaName(object)) &&
    matches(target.namespace, metaNamespace(object) ?? '') &&
    selectorMatches(target.labelSelector, labelsOf(object, 'labels')) &&
    selectorMatches(target.annotationSelector, labelsOf(object, 'annotations'))
  );
}

/**
 * Kubernetes label selector syntax: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`,
 * `a notin (x,y)`, comma-separated (a comma inside parentheses belongs to the set).
 */
export function selectorMatches(selector: string | undefined, labels: Record<string, string>): boolean {
  if (!selector || selector.trim() === '') return true;
  return splitRequirements(selector).every((req) => requirementMatches(req.trim(), labels));
}

function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.filter((p) => p.trim() !== '');
}

function requirementMatches(req: string, labels: Record<string, string>): boolean {
  const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(req);
  if (set) {
    const [, key, op, values] = set as unknown as [string, string, string, string];
    const members = values.split(',').map((v) => v.trim());
    const has = key in labels && members.includes(labels[key]!);
    return op === 'in' ? has : !has;
  }
  const cmp = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(req);
  if (cmp) {
    const [, key, op, value] = cmp as unknown as [string, string, string, string];
    return op === '!=' ? labels[key] !== value : labels[key] === value;
  }
  if (req.startsWith('!')) return !(req.slice(1).trim() in labels);
  return req in labels;
}
