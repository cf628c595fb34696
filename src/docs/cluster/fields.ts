import { dig, isRecord } from '../../deploy/objects.ts';

// Small readers over untyped manifest objects: a manifest is data from the wild, so every field
// is checked before use instead of trusting a shape. The steps are the deploy stage's readers.

export type Obj = Record<string, unknown>;

export const isObj: (value: unknown) => value is Obj = isRecord;

/** The value at a dotted path (`spec.chart.spec`), or undefined. */
export function at(value: unknown, dotted: string): unknown {
  return dig(value, ...dotted.split('.'));
}

export function str(value: unknown, dotted: string): string | undefined {
  const v = at(value, dotted);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function bool(value: unknown, dotted: string): boolean | undefined {
  const v = at(value, dotted);
  return typeof v === 'boolean' ? v : undefined;
}

export function list(value: unknown, dotted: string): unknown[] {
  const v = at(value, dotted);
  return Array.isArray(v) ? v : [];
}

export function strings(value: unknown, dotted: string): string[] {
  return list(value, dotted).filter((v): v is string => typeof v === 'string');
}

export function kindOf(value: Obj): string {
  return typeof value.kind === 'string' ? value.kind : '';
}

/** API group of an object (`helm.toolkit.fluxcd.io`), empty for the core group. */
export function groupOf(value: Obj): string {
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

export function isKind(value: Obj, group: string, kind: string): boolean {
  return kindOf(value) === kind && groupOf(value) === group;
}

export function metaName(value: Obj): string {
  return str(value, 'metadata.name') ?? '';
}

export function metaNamespace(value: Obj): string | undefined {
  return str(value, 'metadata.namespace');
}

export function labelsOf(value: Obj, field: 'labels' | 'annotations' = 'labels'): Record<string, string> {
  const v = at(value, `metadata.${field}`);
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = String(x);
  return out;
}

export const FLUX_KS_GROUP = 'kustomize.toolkit.fluxcd.io';
export const KUSTOMIZE_GROUP = 'kustomize.config.k8s.io';
