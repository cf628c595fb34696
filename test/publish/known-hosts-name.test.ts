import assert from 'node:assert/strict';
import { test } from 'node:test';
import { knownHostsName } from '../../src/publish/keys/check-keys.ts';
import { sshCommand } from '../../src/publish/ssh-command.ts';

// How ssh writes a remote's host in known_hosts, so doctor can ask `ssh-keygen -F` about it.
const cases: [string, string | undefined][] = [
  ['ssh://git@127.0.0.1:2222/site.git', '[127.0.0.1]:2222'],
  ['ssh://git@git.example.org/galley/site.git', 'git.example.org'],
  ['ssh://git.example.org:22/site.git', 'git.example.org'],
  ['ssh://git@[2001:db8::1]:2200/site.git', '[2001:db8::1]:2200'],
  ['git@git.example.org:galley/site.git', 'git.example.org'],
  ['/srv/git/site.git', undefined],
];

for (const [remote, expected] of cases) {
  test(`known_hosts name of ${remote}`, () => assert.equal(knownHostsName(remote), expected));
}

test('the ssh command offers only the given key and checks the pinned host strictly', () => {
  const command = sshCommand({ keyPath: "/keys/it's write", knownHostsPath: '/keys/known_hosts' });
  assert.match(command, /^ssh -F \/dev\/null -i '\/keys\/it'\\''s write' -o IdentitiesOnly=yes /);
  for (const option of ['StrictHostKeyChecking=yes', 'UserKnownHostsFile=/keys/known_hosts', 'BatchMode=yes', 'IdentityAgent=none']) {
    assert.ok(command.includes(`-o ${option}`), option);
  }
});
