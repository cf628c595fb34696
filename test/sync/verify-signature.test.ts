// The sidecar's signature check on its own, over commits signed by real ssh-keygen keys: who may
// sign, what an unsigned or untrusted commit is refused with (reason, exact message and hint).
// Fingerprints are read with `ssh-keygen -l`, not with the code under test.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { SyncFailure } from '../../src/sync/failure.ts';
import { verifySignature } from '../../src/sync/verify-signature.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { DeployRepo, git, makeKeys, siteFiles } from './fixtures.ts';

const exec = promisify(execFile);
const dir = await tempDir('galley-signature-');
const keys = await makeKeys(path.join(dir, 'keys'));
const repo = await DeployRepo.create(dir);
const fingerprintOf = async (file: string): Promise<string> => (await exec('ssh-keygen', ['-l', '-f', file])).stdout.split(' ')[1]!;
const publicKey = (await readFile(`${keys.signing}.pub`, 'utf8')).trim();

async function allowed(name: string, line: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `${line}\n`);
  return file;
}

async function refusal(commit: string, allowedSigners: string): Promise<SyncFailure> {
  const error = await verifySignature(repo.bare, commit, allowedSigners).then(
    () => assert.fail('expected the signature to be refused'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof SyncFailure);
  assert.equal(error.revision, commit);
  assert.equal(error.refused, true);
  return error;
}

const untrustedHint = 'add the publisher signing key to allowed_signers (principal, namespaces="git,galley-sync", key)';

describe('verifySignature', () => {
  test('a commit signed by an allowed key names its principal and fingerprint', async () => {
    const commit = await repo.publish(siteFiles('v1'), { signWith: keys.signing });
    assert.deepEqual(await verifySignature(repo.bare, commit, keys.allowedSigners), { principal: 'galley-publish', fingerprint: await fingerprintOf(keys.signing) });
  });

  test('an unsigned commit, even one whose message looks like a signature header', async () => {
    const commit = await repo.publish(siteFiles('v2'), { signWith: null, message: 'publish\n\ngpgsig -----BEGIN SSH SIGNATURE-----' });
    const failure = await refusal(commit, keys.allowedSigners);
    assert.equal(failure.reason, 'signature-missing');
    assert.equal(failure.message, `Unexpected unsigned commit ${commit.slice(0, 12)}, expected an SSH signature`);
    assert.equal(failure.hint, 'publish signs every commit with the signing key (`gpg.format=ssh`); was this pushed by hand?');
  });

  test('an unsigned commit whose author line holds `gpgsig ` is unsigned, not untrusted', async () => {
    await git(repo.work, ['-c', 'user.name=Mallory gpgsig pretender', 'commit', '--quiet', '--allow-empty', '-m', 'publish']);
    await git(repo.work, ['push', '--quiet', 'origin', 'HEAD:refs/heads/main']);
    const commit = await git(repo.work, ['rev-parse', 'HEAD']);
    assert.equal((await refusal(commit, keys.allowedSigners)).reason, 'signature-missing');
  });

  const untrusted: { name: string; signWith: () => string; allowedSigners: () => Promise<string>; by: () => Promise<string | undefined> }[] = [
    { name: "a stranger's key", signWith: () => keys.stranger, allowedSigners: async () => keys.allowedSigners, by: () => fingerprintOf(keys.stranger) },
    {
      name: 'an allowed key past its valid-before',
      signWith: () => keys.signing,
      allowedSigners: () => allowed('expired', `galley-publish namespaces="git,galley-sync",valid-before="20200101Z" ${publicKey}`),
      by: () => fingerprintOf(keys.signing),
    },
    {
      name: 'an allowed key for another namespace (git does not say which key)',
      signWith: () => keys.signing,
      allowedSigners: () => allowed('file-only', `galley-publish namespaces="file" ${publicKey}`),
      by: async () => undefined,
    },
  ];
  for (const c of untrusted) {
    test(`a commit signed by ${c.name}`, async () => {
      const commit = await repo.publish(siteFiles(c.name), { signWith: c.signWith() });
      const failure = await refusal(commit, await c.allowedSigners());
      const by = await c.by();
      assert.equal(failure.reason, 'signature-untrusted');
      assert.equal(failure.message, `Unexpected signature on ${commit.slice(0, 12)}${by ? ` by ${by}` : ''}, expected one by a key in the allowed signers`);
      assert.equal(failure.hint, untrustedHint);
    });
  }
});
