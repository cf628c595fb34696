import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClusterSecretStore, ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1';
import { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2beta2';
import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1';
import { HelmRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1beta2';
import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Service } from 'kubernetes-models/v1';
import { onePasswordSdkSchema } from '../../src/deploy/expectations.ts';
import { dig, objectId, type K8sObject } from '../../src/deploy/objects.ts';
import { rendered, skipReason } from './rendered.ts';

interface Model {
  new (data: Record<string, unknown>): { validate(): void };
}

// Schema per `apiVersion kind`, from the model packages that run on Node 20 (kubernetes-models
// 4.x, @kubernetes-models/flux-cd 2.3.x, @kubernetes-models/external-secrets 0.5.x).
const models: Record<string, Model> = {
  'v1 Namespace': Namespace,
  'v1 ConfigMap': ConfigMap,
  'v1 Service': Service,
  'apps/v1 Deployment': Deployment,
  'networking.k8s.io/v1 NetworkPolicy': NetworkPolicy,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'kustomize.toolkit.fluxcd.io/v1 Kustomization': Kustomization,
  'source.toolkit.fluxcd.io/v1beta2 HelmRepository': HelmRepository,
  'helm.toolkit.fluxcd.io/v2beta2 HelmRelease': HelmRelease,
  'external-secrets.io/v1beta1 ExternalSecret': ExternalSecret,
  'external-secrets.io/v1beta1 ClusterSecretStore': ClusterSecretStore,
};

// Stable API versions those packages predate. Each was promoted from the version named here
// without a change of shape (External Secrets 0.16: "a straight conversion"), so it is checked
// against that schema; the newer versions need Node 22 packages (see README).
const promotedFrom: Record<string, string> = {
  'external-secrets.io/v1': 'external-secrets.io/v1beta1',
  'source.toolkit.fluxcd.io/v1 HelmRepository': 'source.toolkit.fluxcd.io/v1beta2',
  'helm.toolkit.fluxcd.io/v2': 'helm.toolkit.fluxcd.io/v2beta2',
};

/** Validate one object; throws with the schema's errors. Returns the `apiVersion kind` used. */
function validateObject(object: K8sObject): string {
  const asVersion = promotedFrom[`${object.apiVersion} ${object.kind}`] ?? promotedFrom[object.apiVersion] ?? object.apiVersion;
  const key = `${asVersion} ${object.kind}`;
  const model = models[key];
  if (!model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new model({ ...structuredClone(object), apiVersion: asVersion }).validate();
  return key;
}

test('every rendered object validates against its schema', { skip: skipReason }, () => {
  const checked = new Set<string>();
  for (const t of rendered) {
    for (const object of t.objects) {
      assert.doesNotThrow(() => checked.add(validateObject(object)), `${objectId(object)} from ${t.dir}`);
    }
  }
  // Every kind of the layout was seen, so a model missing from the table cannot hide.
  assert.deepEqual([...checked].sort(), Object.keys(models).sort());
});

test('the 1Password SDK provider block of every store matches its documented fields', { skip: skipReason }, () => {
  const stores = rendered.flatMap((t) => t.objects).filter((o) => o.kind === 'ClusterSecretStore');
  assert.ok(stores.length > 0);
  for (const store of stores) {
    const result = onePasswordSdkSchema.safeParse(dig(store, 'spec', 'provider', 'onepasswordSDK'));
    assert.ok(result.success, `${objectId(store)}: ${result.error?.message}`);
  }
});

// The validators must bite: each broken object is refused.
const broken: [string, K8sObject][] = [
  ['a Deployment whose replicas is a string', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'two', selector: {}, template: {} } }],
  ['a Deployment without a selector', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { template: {} } }],
  ['a Flux Kustomization without sourceRef', { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'x' }, spec: { interval: '1h', prune: true } }],
  ['a v1 ExternalSecret with a remoteRef lacking its key', { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'x' }, spec: { data: [{ secretKey: 'k', remoteRef: {} }] } }],
  ['a kind without a schema', { apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'x' } }],
];
for (const [name, object] of broken) {
  test(`schema refuses ${name}`, () => {
    assert.throws(() => validateObject(object));
  });
}

test('the 1Password SDK provider schema refuses a misspelt field', () => {
  const result = onePasswordSdkSchema.safeParse({ vault: 'galley', auth: { serviceAccountSecretRef: { name: 'a', key: 'token' } }, valut: 'x' });
  assert.equal(result.success, false);
});
