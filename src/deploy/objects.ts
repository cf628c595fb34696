import { z } from 'zod';

// The envelope every rendered Kubernetes object shares; the rest stays loosely typed because
// each policy reads only the few fields it is about.
export const k8sObjectSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string().optional(),
  }),
});
export type K8sObject = z.infer<typeof k8sObjectSchema> & Record<string, unknown>;

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects: how messages name an object. */
export function objectId(object: K8sObject): string {
  const { name, namespace } = object.metadata;
  return namespace ? `${object.kind}/${namespace}/${name}` : `${object.kind}/${name}`;
}

/** The group part of `apiVersion` (`''` for the core group). */
export function apiGroup(object: K8sObject): string {
  const slash = object.apiVersion.indexOf('/');
  return slash === -1 ? '' : object.apiVersion.slice(0, slash);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Read a nested field without a cast at every step; undefined as soon as a step is missing. */
export function dig(value: unknown, ...keys: (string | number)[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[key];
    } else {
      if (!isRecord(current)) return undefined;
      current = current[key];
    }
  }
  return current;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
