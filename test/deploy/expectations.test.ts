import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readClusterExpectations, parseRemoteKey } from '../../src/deploy/expectations.ts';
import { formatExpectations } from '../../src/deploy/format-expectations.ts';
import { rendered, skipReason } from './rendered.ts';

const keys: [string, ReturnType<typeof parseRemoteKey>][] = [
  ['item/field', { item: 'item', field: 'field' }],
  ['item/section/field', { item: 'item', section: 'section', field: 'field' }],
  ['galley-sync-read-key/private key?ssh-format=openssh', { item: 'galley-sync-read-key', field: 'private key', query: 'ssh-format=openssh' }],
];
for (const [key, expected] of keys) {
  test(`remote key ${key} names its item and field`, () => assert.deepEqual(parseRemoteKey(key), expected));
}

test('the cluster expects the read key, known_hosts and allowed signers from one 1Password vault', { skip: skipReason }, () => {
  const expectations = readClusterExpectations(rendered);
  assert.deepEqual(expectations.stores, [
    {
      id: 'ClusterSecretStore/onepassword-galley',
      provider: 'onepasswordSDK',
      vault: 'galley',
      token: { namespace: 'external-secrets', name: 'onepassword-service-account', key: 'token' },
    },
  ]);
  assert.equal(expectations.secrets.length, 1, 'both overlays expect the same secret');
  const [secret] = expectations.secrets;
  assert.equal(secret?.secretName, 'galley-sync');
  assert.equal(secret?.store, 'ClusterSecretStore/onepassword-galley');
  assert.deepEqual(secret?.keys.map((k) => k.secretKey), ['read_key', 'known_hosts', 'allowed_signers']);
  assert.deepEqual(secret?.from, ['deploy/k8s/overlays/production', 'deploy/k8s/overlays/staging']);
  assert.deepEqual(secret?.mounts, [
    { workload: 'Deployment/galley/galley', container: 'sync', path: '/etc/galley/sync', mode: 0o400, readOnly: true },
  ]);
  const text = formatExpectations(expectations);
  assert.match(text, /create by hand: Secret external-secrets\/onepassword-service-account with key `token`/);
  assert.match(text, /read_key +<- item `galley-sync-read-key`, field `private key`/);
  assert.match(text, /op:\/\/galley\/galley-sync-known-hosts\/notesPlain/);
});
