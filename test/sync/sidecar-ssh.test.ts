// Over real OpenSSH with the read key, as in the cluster: the sidecar bundle fetches through sshd
// (host key pinned, read-only role), nginx serves the release; then the server revokes the read
// key and the sidecar keeps the last good release served, saying why in its log and metrics.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { bundleSidecar } from '../../scripts/bundle-sidecar.ts';
import { skipUnlessCi } from '../helpers/needs-tool.ts';
import { nginxSkip, serveWithNginx } from '../helpers/nginx.ts';
import { sshdSkipReason, startSshd } from '../helpers/sshd.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { DeployRepo, makeKeys, siteFiles } from './fixtures.ts';
import { startSidecar, type LogEvent } from './sidecar-process.ts';

const exec = promisify(execFile);

async function keyPair(file: string): Promise<string> {
  await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', path.basename(file), '-f', file]);
  return (await readFile(`${file}.pub`, 'utf8')).trim();
}

const skip = skipUnlessCi(sshdSkipReason()) || nginxSkip;

test('syncs over SSH with the read key, and keeps serving when the key is revoked', { skip, timeout: 120_000 }, async () => {
  const dir = await tempDir('galley-sidecar-ssh-');
  const keys = await makeKeys(path.join(dir, 'keys'));
  const readKey = path.join(dir, 'keys', 'read');
  const readPub = await keyPair(readKey);
  const sshd = await startSshd({ write: await keyPair(path.join(dir, 'keys', 'write')), read: readPub });
  try {
    // The publisher's side is not under test here: it pushes to the bare repository on disk.
    const repo = await DeployRepo.create(sshd.reposDir);
    const v1 = await repo.publish(siteFiles('v1'), { signWith: keys.signing });
    const dest = path.join(dir, 'srv');
    const nginx = await serveWithNginx(path.join(dest, 'current'));
    const bundle = await bundleSidecar(path.join(dir, 'galley-sync.mjs'));
    const sidecar = startSidecar(bundle, [
      '--repository', sshd.url(path.relative(sshd.reposDir, repo.bare)),
      '--identity', readKey,
      '--known-hosts', sshd.knownHostsPath,
      '--allowed-signers', keys.allowedSigners,
      '--dest', dest,
      '--interval', '0.25',
      '--max-backoff', '1',
      '--listen', '127.0.0.1:0',
    ]);
    try {
      const isCycle = (result: string, revision: string) => (e: LogEvent) => e.event === 'cycle' && e.result === result && e.revision === revision;
      await sidecar.waitFor(isCycle('swapped', v1));
      assert.match(await (await fetch(`${nginx.url}/`)).text(), /data-version="v1"/);

      // Revoke: the server's authorized_keys no longer lists the read key.
      const authorized = path.join(path.dirname(sshd.reposDir), 'authorized_keys');
      assert.ok(existsSync(authorized), 'the sshd harness keeps authorized_keys beside its repositories');
      const lines = (await readFile(authorized, 'utf8')).split('\n');
      await writeFile(authorized, lines.filter((line) => !line.includes(readPub.split(' ')[1]!)).join('\n'));
      await repo.publish(siteFiles('v2'), { signWith: keys.signing });
      const refused = await sidecar.waitFor((e) => e.event === 'cycle' && e.result === 'failed');
      assert.equal(refused.reason, 'fetch-auth', String(refused.message));
      assert.equal(refused.served, v1);
      assert.match(await (await fetch(`${nginx.url}/`)).text(), /data-version="v1"/, 'the last good release is still served');
      const health = String(sidecar.events.find((e) => e.event === 'start')!.health);
      assert.match(await (await fetch(`${health}/metrics`)).text(), /galley_sync_failures_total\{reason="fetch-auth"\} [1-9]/);
    } finally {
      sidecar.child.kill('SIGTERM');
      assert.equal(await sidecar.exited, 0);
    }
  } finally {
    await sshd.stop();
  }
});
