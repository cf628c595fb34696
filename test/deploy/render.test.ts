import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { checkPolicies } from '../../src/deploy/check-policies.ts';
import { kustomizeBuild } from '../../src/deploy/kustomize-build.ts';
import { OVERLAYS_DIR } from '../../src/deploy/load-manifests.ts';
import { dig, type K8sObject } from '../../src/deploy/objects.ts';
import { containers } from '../../src/deploy/pod-specs.ts';
import { SourceIndex } from '../../src/deploy/source-index.ts';
import { kubectl, projectRoot, rendered, skipReason, target } from './rendered.ts';

// Every overlay directory, so a new overlay is rendered and checked without touching this file.
const overlays = (await readdir(path.join(projectRoot, OVERLAYS_DIR))).sort().map((name) => `${OVERLAYS_DIR}/${name}`);
const kindsOf = (objects: K8sObject[]): string[] => [...new Set(objects.map((o) => o.kind))].sort();
const byKind = (objects: K8sObject[], kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);

test('kubectl kustomize renders every overlay, the Flux cluster and each of its layers', { skip: skipReason }, () => {
  assert.deepEqual(rendered.map((t) => `${t.role} ${t.dir}`).sort(), [
    'flux-cluster deploy/flux/clusters/example',
    'flux-layer deploy/flux/infrastructure',
    'flux-layer deploy/flux/secret-stores',
    ...overlays.map((o) => `overlay ${o}`),
  ].sort());
  for (const dir of overlays) {
    assert.deepEqual(kindsOf(target(dir).objects), ['ConfigMap', 'Deployment', 'ExternalSecret', 'Namespace', 'NetworkPolicy', 'PodDisruptionBudget', 'Service']);
  }
  assert.deepEqual(kindsOf(target('deploy/flux/clusters/example').objects), ['Kustomization']);
  assert.deepEqual(kindsOf(target('deploy/flux/secret-stores').objects), ['ClusterSecretStore']);
});

test('the rendered manifests pass every policy', { skip: skipReason }, async () => {
  const findings = await checkPolicies(projectRoot, rendered, await SourceIndex.build(projectRoot));
  assert.deepEqual(findings, []);
});

test('rendering is deterministic', { skip: skipReason }, async () => {
  const again = await kustomizeBuild(kubectl as string, path.join(projectRoot, overlays[0] as string));
  assert.deepEqual(again, target(overlays[0] as string).objects);
});

test('nginx.conf is generated from deploy/nginx/nginx.conf, not copied', { skip: skipReason }, async () => {
  const source = await readFile(path.join(projectRoot, 'deploy/nginx/nginx.conf'), 'utf8');
  for (const dir of overlays) {
    const [config] = byKind(target(dir).objects, 'ConfigMap').filter((c) => c.metadata.name.startsWith('galley-nginx-'));
    assert.equal(dig(config, 'data', 'nginx.conf'), source, `${dir} carries the file's bytes`);
  }
  const copies = (await readdir(path.join(projectRoot, 'deploy/k8s'), { recursive: true })).filter((f) => f.endsWith('nginx.conf'));
  assert.deepEqual(copies, []);
});

test('each overlay sets its own image, repository and hostname', { skip: skipReason }, () => {
  assert.ok(overlays.length >= 2, 'staging and production at least');
  const seen = overlays.map((dir) => {
    const objects = target(dir).objects;
    const [site] = byKind(objects, 'ConfigMap').filter((c) => c.metadata.name.startsWith('galley-site-'));
    const images = containers(objects).map((c) => String(c.container.image));
    assert.ok(images.every((i) => !/^(nginx|galley)$/.test(i)), `${dir} replaces the base's image names: ${images.join(', ')}`);
    return { repository: dig(site, 'data', 'repository'), hostname: dig(site, 'data', 'hostname') };
  });
  assert.equal(new Set(seen.map((s) => JSON.stringify(s))).size, overlays.length, 'no two overlays serve the same site');
});

test('the sidecar serves /healthz and /metrics on 9090, probed and scraped there', { skip: skipReason }, () => {
  for (const dir of overlays) {
    const deployment = byKind(target(dir).objects, 'Deployment')[0];
    const sync = containers([deployment as K8sObject]).find((c) => c.name === 'sync')?.container;
    assert.deepEqual(dig(sync, 'ports', 0), { name: 'metrics', containerPort: 9090, protocol: 'TCP' });
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      assert.deepEqual(dig(sync, probe, 'httpGet'), { path: '/healthz', port: 'metrics' }, `${dir} ${probe}`);
    }
    const annotations = dig(deployment, 'spec', 'template', 'metadata', 'annotations');
    assert.equal(dig(annotations, 'prometheus.io/port'), '9090');
    assert.equal(dig(annotations, 'prometheus.io/path'), '/metrics');
    // nginx reads the tree the sidecar writes, and cannot write to it.
    const nginx = containers([deployment as K8sObject]).find((c) => c.name === 'nginx')?.container;
    assert.deepEqual(dig(nginx, 'volumeMounts', 0), { name: 'site', mountPath: '/srv/site', readOnly: true });
    assert.deepEqual(dig(sync, 'volumeMounts', 0), { name: 'site', mountPath: '/srv/site' });
  }
});
