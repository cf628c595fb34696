import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import type { GitServerOptions } from '../../src/publish/git-server/git-server.ts';
import type { PublishContext } from '../../src/publish/publish-context.ts';
import { publishSite, type PublishOptions } from '../../src/publish/publish-site.ts';
import { GalleyError } from '../../src/report/galley-error.ts';
import { writeBuiltSite } from '../helpers/built-site.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { git, publishProject, type PublishProject } from './publish-fixture.ts';

const run = promisify(execFile);
type Hook = NonNullable<GitServerOptions['onService']>;

interface FaultCase {
  name: string;
  /** Set up the fault; returns what publish runs with. */
  arrange(p: PublishProject, scratch: string): Promise<{ ctx?: PublishContext; copyFile?: PublishOptions['copyFile']; hook?: Hook }>;
  exitCode: number;
  ruleId: string;
  /** A finding's rule id, when the error lists findings. */
  finding?: string;
  serverLog?: RegExp;
}

async function otherKey(dir: string, name: string): Promise<string> {
  const file = path.join(dir, name);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
  return file;
}

async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// Each fault: publish fails with its exit code and rule, the remote does not move, the local deploy
// clone is left clean, and a plain re-run afterwards publishes (converges).
const cases: FaultCase[] = [
  {
    name: 'remote down',
    arrange: async (p) => ({ ctx: p.ctx({ GALLEY_REMOTE: `ssh://git@127.0.0.1:${await closedPort()}/site.git` }) }),
    exitCode: 3,
    ruleId: 'publish-remote-unreachable',
  },
  {
    name: 'push rejected because someone else pushed',
    arrange: async (p, scratch) => {
      let armed = true;
      return {
        hook: async ({ service }) => {
          if (service !== 'git-receive-pack' || !armed) return;
          armed = false;
          // Someone else publishes between our fetch and our push (local transport, no SSH).
          const other = path.join(scratch, 'other');
          await run('git', ['clone', '-q', p.bare, other]);
          await run('git', ['-c', 'user.name=someone', '-c', 'user.email=someone@example.org', 'commit', '-q', '--allow-empty', '-m', 'hand-made change'], { cwd: other });
          await run('git', ['push', '-q', 'origin', 'HEAD:refs/heads/main'], { cwd: other });
        },
      };
    },
    exitCode: 3,
    ruleId: 'publish-push-rejected',
  },
  {
    name: 'disk full while staging',
    arrange: async () => {
      let copies = 0;
      return {
        copyFile: async () => {
          if (++copies > 1) throw Object.assign(new Error('ENOSPC: no space left on device, copyfile'), { code: 'ENOSPC' });
        },
      };
    },
    exitCode: 3,
    ruleId: 'publish-stage-failed',
  },
  {
    name: 'wrong write key',
    arrange: async (p, scratch) => ({ ctx: p.ctx({ GALLEY_WRITE_KEY: await otherKey(scratch, 'stranger') }) }),
    exitCode: 2,
    ruleId: 'publish-key-refused',
    serverLog: /refused key SHA256:\S+: Unexpected key, expected the write or read key/,
  },
  {
    name: 'host key changed',
    arrange: async (p, scratch) => {
      const impostor = await otherKey(scratch, 'impostor-host');
      const pub = (await run('ssh-keygen', ['-y', '-f', impostor])).stdout.trim();
      const knownHosts = path.join(scratch, 'known_hosts');
      await writeFile(knownHosts, `[127.0.0.1]:* ${pub}\n`);
      return { ctx: p.ctx({ GALLEY_KNOWN_HOSTS: knownHosts }) };
    },
    exitCode: 3,
    ruleId: 'publish-host-key-changed',
  },
  {
    name: 'loose permissions on the write key',
    arrange: async (p, scratch) => {
      const key = await otherKey(scratch, 'loose');
      await chmod(key, 0o644);
      return { ctx: p.ctx({ GALLEY_WRITE_KEY: key }) };
    },
    exitCode: 2,
    ruleId: 'publish-keys',
    finding: 'publish-key-permissions',
  },
  {
    name: 'read key equal to the write key',
    arrange: async (p) => ({ ctx: p.ctx({ GALLEY_READ_KEY: p.ctx().keys.write }) }),
    exitCode: 2,
    ruleId: 'publish-keys',
    finding: 'publish-key-reused',
  },
  {
    name: 'another publish holds the lock',
    arrange: async (p) => {
      await writeFile(p.ctx().lockFile, `${process.pid}@${os.hostname()}\n`);
      return { hook: undefined };
    },
    exitCode: 3,
    ruleId: 'publish-locked',
  },
];

test('publish faults: exit code and hint, nothing half-done, a re-run converges', async (t) => {
  let hook: Hook | undefined;
  const project = await publishProject('embedded', { onService: (event) => hook?.(event) });
  await writeBuiltSite(project.siteDir, { 'index.html': 'start\n' });
  await publishSite({ ctx: project.ctx(), siteDir: project.siteDir });

  for (const fault of cases) {
    await t.test(fault.name, async () => {
      const scratch = await tempDir();
      await writeBuiltSite(project.siteDir, { 'index.html': `${fault.name}\n`, 'about/index.html': 'about\n' });
      const before = await git(project.bare, 'rev-parse', 'main');
      const arranged = await fault.arrange(project, scratch);
      hook = arranged.hook;
      const ctx = arranged.ctx ?? project.ctx();
      const error = await publishSite({ ctx, siteDir: project.siteDir, copyFile: arranged.copyFile }).then(
        () => assert.fail('publish should have failed'),
        (e: unknown) => e,
      );
      hook = undefined;
      assert.ok(error instanceof GalleyError, String(error));
      assert.equal(error.ruleId, fault.ruleId, error.message);
      assert.equal(error.exitCode, fault.exitCode);
      assert.ok(error.hint, 'every fault carries a hint');
      if (fault.finding) assert.ok(error.findings.some((f) => f.ruleId === fault.finding), JSON.stringify(error.findings));
      if (fault.serverLog) assert.match(await project.serverLog(), fault.serverLog);
      if (fault.ruleId !== 'publish-push-rejected') {
        assert.equal(await git(project.bare, 'rev-parse', 'main'), before, 'the remote did not move');
      }
      if (existsSync(path.join(ctx.cloneDir, '.git'))) {
        assert.equal(await git(ctx.cloneDir, 'status', '--porcelain'), '', 'the deploy clone is clean');
      }
      if (fault.ruleId === 'publish-locked') await run('rm', ['-f', ctx.lockFile]);

      // Re-running with the fault gone converges: the site is published on top of the remote.
      const again = await publishSite({ ctx: project.ctx(), siteDir: project.siteDir });
      assert.equal(again.status, 'published');
      assert.equal(await git(project.bare, 'show', 'main:index.html'), fault.name);
      await run('git', ['merge-base', '--is-ancestor', before, 'main'], { cwd: project.bare });
    });
  }
});

test('a publish killed mid-push leaves the remote as it was, and the next run converges', async () => {
  let child: ReturnType<typeof spawn> | undefined;
  let killed = false;
  let tookOver = (): void => {};
  const takenOver = new Promise<void>((resolve) => (tookOver = resolve));
  const project = await publishProject('embedded', {
    onService: async ({ service }) => {
      if (service === 'git-receive-pack' && child && !killed) {
        killed = true;
        // Its process group, as a kill of the job would: node itself; git and ssh run in groups
        // of their own and are ended by the next run, which takes the stale lock over.
        process.kill(-child.pid!, 'SIGKILL');
        await new Promise((resolve) => child!.once('exit', resolve));
        // Held until then, so the dead run's push cannot go on behind the test's back.
        await takenOver;
      }
    },
  });
  await writeBuiltSite(project.siteDir, { 'index.html': 'killed\n' });
  const script = path.join(import.meta.dirname, 'fixtures', 'publish-child.ts');
  child = spawn(process.execPath, ['--import', 'tsx', script, project.root, project.siteDir], { env: project.env, stdio: 'ignore', detached: true });
  const [, signal] = await new Promise<[number | null, string | null]>((resolve) => child!.once('exit', (c, s) => resolve([c, s])));
  assert.equal(signal, 'SIGKILL');
  assert.ok(killed, 'killed while pushing');
  assert.equal(await git(project.bare, 'rev-list', '--all', '--count'), '0', 'nothing reached the remote');
  assert.ok(existsSync(project.ctx().lockFile), 'the killed run left its lock behind');

  const again = await publishSite({ ctx: project.ctx(), siteDir: project.siteDir });
  tookOver();
  assert.equal(again.status, 'published');
  assert.equal(await git(project.bare, 'rev-list', '--count', 'main'), '1');
  assert.equal(await git(project.bare, 'show', 'main:index.html'), 'killed');
});
