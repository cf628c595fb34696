import { z } from 'zod';
import type { RenderedTarget } from './load-manifests.ts';
import { asArray, dig, objectId, type K8sObject } from './objects.ts';
import { podSpecs } from './pod-specs.ts';

// The ExternalSecret fields the cluster's expectations are read from.
const externalSecretSchema = z.looseObject({
  apiVersion: z.literal('external-secrets.io/v1'),
  kind: z.literal('ExternalSecret'),
  metadata: z.looseObject({ name: z.string(), namespace: z.string() }),
  spec: z.looseObject({
    secretStoreRef: z.looseObject({ kind: z.enum(['ClusterSecretStore', 'SecretStore']), name: z.string() }),
    target: z.looseObject({ name: z.string().optional() }).optional(),
    data: z.array(z.looseObject({ secretKey: z.string(), remoteRef: z.looseObject({ key: z.string().min(1) }) })),
  }),
});

/**
 * The `onepasswordSDK` provider block, strict: no schema package that runs on Node 20 knows this
 * provider of `external-secrets.io/v1`, so this is its schema check too (fields as documented by
 * External Secrets: vault, auth.serviceAccountSecretRef, integrationInfo, cache).
 */
export const onePasswordSdkSchema = z.strictObject({
  vault: z.string().min(1),
  auth: z.strictObject({
    serviceAccountSecretRef: z.strictObject({ name: z.string().min(1), key: z.string().min(1), namespace: z.string().optional() }),
  }),
  integrationInfo: z.strictObject({ name: z.string(), version: z.string() }).optional(),
  cache: z.strictObject({ ttl: z.string().optional(), maxSize: z.number().int().positive().optional() }).optional(),
});

export interface StoreExpectation {
  id: string;
  provider: string;
  vault?: string;
  /** The one secret created by hand: the 1Password service account token. */
  token?: { namespace: string; name: string; key: string };
}

export interface KeyExpectation {
  secretKey: string;
  item: string;
  section?: string;
  field: string;
  query?: string;
}

export interface SecretExpectation {
  externalSecret: string;
  namespace: string;
  secretName: string;
  store: string;
  keys: KeyExpectation[];
  mounts: { workload: string; container: string; path: string; mode?: number; readOnly: boolean }[];
  /** The rendered targets (overlays) this secret comes from. */
  from: string[];
}

export interface ClusterExpectations {
  stores: StoreExpectation[];
  secrets: SecretExpectation[];
}

/** What the manifests expect to find in the secret store, read from the rendered targets. */
export function readClusterExpectations(targets: readonly RenderedTarget[]): ClusterExpectations {
  const stores = new Map<string, StoreExpectation>();
  const secrets = new Map<string, SecretExpectation>();
  for (const target of targets) {
    for (const object of target.objects) {
      if (object.kind === 'ClusterSecretStore' || object.kind === 'SecretStore') {
        stores.set(objectId(object), readStore(object));
      }
      const parsed = externalSecretSchema.safeParse(object);
      if (!parsed.success) continue;
      const es = parsed.data;
      const expectation: SecretExpectation = {
        externalSecret: objectId(object),
        namespace: es.metadata.namespace,
        secretName: es.spec.target?.name ?? es.metadata.name,
        store: `${es.spec.secretStoreRef.kind}/${es.spec.secretStoreRef.name}`,
        keys: es.spec.data.map((d) => ({ secretKey: d.secretKey, ...parseRemoteKey(d.remoteRef.key) })),
        mounts: [],
        from: [target.dir],
      };
      expectation.mounts = secretMounts(target.objects, expectation.namespace, expectation.secretName);
      // Overlays that expect the same secret the same way are listed once.
      const key = JSON.stringify({ ...expectation, from: [] });
      const seen = secrets.get(key);
      if (seen) seen.from.push(target.dir);
      else secrets.set(key, expectation);
    }
  }
  return { stores: [...stores.values()], secrets: [...secrets.values()] };
}

function readStore(object: K8sObject): StoreExpectation {
  const provider = dig(object, 'spec', 'provider');
  const name = provider && typeof provider === 'object' ? Object.keys(provider)[0] ?? '?' : '?';
  const store: StoreExpectation = { id: objectId(object), provider: name };
  const sdk = onePasswordSdkSchema.safeParse(dig(provider, 'onepasswordSDK'));
  if (sdk.success) {
    const ref = sdk.data.auth.serviceAccountSecretRef;
    store.vault = sdk.data.vault;
    store.token = { namespace: ref.namespace ?? object.metadata.namespace ?? 'default', name: ref.name, key: ref.key };
  }
  return store;
}

/** `<item>/[section/]<field>[?query]`, the 1Password SDK provider's key syntax. */
export function parseRemoteKey(key: string): Omit<KeyExpectation, 'secretKey'> {
  const q = key.indexOf('?');
  const [pathPart, query] = q === -1 ? [key, undefined] : [key.slice(0, q), key.slice(q + 1)];
  const parts = pathPart.split('/');
  const item = parts[0] ?? '';
  const field = parts.length > 1 ? parts[parts.length - 1] ?? '' : '';
  const section = parts.length > 2 ? parts.slice(1, -1).join('/') : undefined;
  return { item, field, ...(section ? { section } : {}), ...(query ? { query } : {}) };
}

function secretMounts(objects: readonly K8sObject[], namespace: string, secretName: string): SecretExpectation['mounts'] {
  const mounts: SecretExpectation['mounts'] = [];
  for (const { object, spec } of podSpecs(objects)) {
    if (object.metadata.namespace !== namespace) continue;
    for (const volume of asArray(spec.volumes)) {
      if (dig(volume, 'secret', 'secretName') !== secretName) continue;
      const mode = dig(volume, 'secret', 'defaultMode');
      for (const container of asArray(spec.containers)) {
        for (const mount of asArray(dig(container, 'volumeMounts'))) {
          if (dig(mount, 'name') !== dig(volume, 'name')) continue;
          mounts.push({
            workload: objectId(object),
            container: String(dig(container, 'name')),
            path: String(dig(mount, 'mountPath')),
            ...(typeof mode === 'number' ? { mode } : {}),
            readOnly: dig(mount, 'readOnly') === true,
          });
        }
      }
    }
  }
  return mounts;
}
