// A uid without a passwd line (containerd injects none): OpenSSH dies with `No user exists for uid N`
// unless the sidecar gives its children an entry through nss_wrapper. Real ssh and ssh-keygen, run
// as such a uid; the image-level run of the same calls is in the pod test.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { userEntryEnv } from '../../src/sync/user-entry.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const uid = 10001;
const asRoot = process.getuid?.() === 0;
const hasEntry = spawnSync('getent', ['passwd', String(uid)]).status === 0;
// ld.so says `cannot be preloaded` on stderr when the library is missing.
const hasWrapper = spawnSync('true', { env: { LD_PRELOAD: 'libnss_wrapper.so' }, encoding: 'utf8' }).stderr === '';
// Switching uid needs root; CI runs as root and installs libnss-wrapper, so there nothing is skipped.
const skip =
  process.env.CI === 'true' ? false : !asRoot ? 'switching to another uid needs root' : !hasWrapper ? 'libnss-wrapper is not installed' : false;

describe('a passwd entry for any uid', { skip }, () => {
  test('none is written for a uid the system knows', async () => {
    const dir = await tempDir('galley-user-entry-');
    assert.equal(await userEntryEnv({ uid: 0, gid: 0, home: '/tmp', tmp: dir }), undefined);
  });

  test('ssh and ssh-keygen -Y verify fail as an unknown uid, and work with the entry', async () => {
    assert.equal(hasEntry, false, `uid ${uid} must have no passwd entry on this machine for this test`);
    const dir = await tempDir('galley-user-entry-');
    const signed = await signedMessage(dir);
    const entry = await userEntryEnv({ uid, gid: uid, home: '/tmp', tmp: dir });
    assert.ok(entry);
    // The sidecar writes its files as itself; here root wrote them for uid 10001 to read.
    await chmod(path.dirname(entry.NSS_WRAPPER_PASSWD!), 0o755);
    assert.match(await readFile(entry.NSS_WRAPPER_PASSWD!, 'utf8'), new RegExp(`^galley:x:${uid}:${uid}:galley sync:/tmp:`, 'm'));

    /** [command, args, what it prints when it works] */
    const calls: Array<[string, string[], RegExp]> = [
      ['ssh', ['-F', '/dev/null', '-G', 'git.example.org'], /^user galley$/m],
      ['ssh-keygen', ['-Y', 'verify', '-f', signed.signers, '-I', 'galley', '-n', 'git', '-s', signed.signature], /Good "git" signature for galley/],
    ];
    const run = (command: string, args: string[], env: NodeJS.ProcessEnv) =>
      spawnSync(command, args, { uid, gid: uid, input: signed.message, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
    for (const [command, args, works] of calls) {
      const bare = run(command, args, {});
      assert.notEqual(bare.status, 0, command);
      assert.match(bare.stderr, new RegExp(`No user exists for uid ${uid}`), command);
      const wrapped = run(command, args, entry);
      assert.equal(wrapped.status, 0, `${command}: ${wrapped.stderr}`);
      assert.match(wrapped.stdout, works, command);
    }
  });
});

/** A message signed with a fresh key, and the allowed signers naming it, readable by any uid. */
async function signedMessage(dir: string): Promise<{ message: string; signature: string; signers: string }> {
  await chmod(dir, 0o755);
  const key = path.join(dir, 'signing_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'galley', '-f', key]);
  const message = 'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n';
  const file = path.join(dir, 'message');
  await writeFile(file, message);
  execFileSync('ssh-keygen', ['-q', '-Y', 'sign', '-f', key, '-n', 'git', file]);
  const signers = path.join(dir, 'allowed_signers');
  const publicKey = (await readFile(`${key}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
  await writeFile(signers, `galley namespaces="git" ${publicKey}\n`);
  for (const name of ['message.sig', 'allowed_signers']) await chmod(path.join(dir, name), 0o644);
  return { message, signature: `${file}.sig`, signers };
}
