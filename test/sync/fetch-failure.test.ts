// A failed fetch keeps its cause: real git over real ssh against the embedded SSH server, one fault
// per case; the reason comes from the line ssh or git printed, that line is in the message, the whole
// stderr in the details, and /metrics counts the reason.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { startGitServer, type GitServer } from '../../src/publish/git-server/git-server.ts';
import { sshCommand } from '../../src/publish/ssh-command.ts';
import { SyncFailure, type FailureReason } from '../../src/sync/failure.ts';
import { ensureRepository, fetchTip } from '../../src/sync/fetch.ts';
import { SyncMetrics } from '../../src/sync/metrics.ts';
import { freePort } from '../helpers/sshd.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { DeployRepo, siteFiles } from './fixtures.ts';

const exec = promisify(execFile);

// The no-user case hides our uid through nss_wrapper; the name-resolution case runs ssh in a network
// namespace of its own, so the lookup fails without a packet leaving the machine.
const hasWrapper = spawnSync('true', { env: { LD_PRELOAD: 'libnss_wrapper.so' }, encoding: 'utf8' }).stderr === '';
const hasUnshare = spawnSync('unshare', ['-rn', 'true']).status === 0;
const skip =
  process.env.CI === 'true' ? false : !hasWrapper ? 'libnss-wrapper is not installed' : !hasUnshare ? 'unshare -rn (user and network namespaces) is not allowed here' : false;

interface Setup {
  dir: string;
  port: number;
  /** A TCP port on loopback whose server closes every connection at once. */
  hangUpPort: number;
  readKey: string;
  knownHosts: string;
}

interface FailureCase {
  name: string;
  reason: FailureReason;
  /** The line that names the cause, as ssh or git prints it. */
  line: RegExp;
  /** The repository URL and the SSH command git runs for this fault. */
  arrange(s: Setup): Promise<{ repository: string; ssh: string }>;
}

const siteUrl = (port: number) => `ssh://git@127.0.0.1:${port}/deploy.git`;

const cases: FailureCase[] = [
  {
    name: 'a read key the server does not know',
    reason: 'fetch-auth',
    line: /^git@127\.0\.0\.1: Permission denied \(publickey\)\.$/,
    arrange: async (s) => ({ repository: siteUrl(s.port), ssh: sshCommand({ keyPath: await newKey(s.dir, 'stranger'), knownHostsPath: s.knownHosts }) }),
  },
  {
    name: 'a host key other than the pinned one',
    reason: 'fetch-host-key',
    line: /^Host key for \[127\.0\.0\.1\]:\d+ has changed and you have requested strict checking\.$/,
    arrange: async (s) => {
      const pin = path.join(s.dir, 'known_hosts.other');
      const other = await readFile(`${await newKey(s.dir, 'other_host')}.pub`, 'utf8');
      await writeFile(pin, `[127.0.0.1]:${s.port} ${other.split(' ').slice(0, 2).join(' ')}\n`);
      return { repository: siteUrl(s.port), ssh: sshCommand({ keyPath: s.readKey, knownHostsPath: pin }) };
    },
  },
  {
    name: 'no host key pinned at all',
    reason: 'fetch-host-key',
    line: /^No ED25519 host key is known for \[127\.0\.0\.1\]:\d+ and you have requested strict checking\.$/,
    arrange: async (s) => {
      const pin = path.join(s.dir, 'known_hosts.empty');
      await writeFile(pin, '');
      return { repository: siteUrl(s.port), ssh: sshCommand({ keyPath: s.readKey, knownHostsPath: pin }) };
    },
  },
  {
    name: 'no passwd entry for the uid',
    reason: 'fetch-no-user',
    line: new RegExp(`^No user exists for uid ${process.getuid!()}$`),
    arrange: async (s) => {
      const passwd = path.join(s.dir, 'passwd.without-us');
      const lines = (await readFile('/etc/passwd', 'utf8')).split('\n').filter((l) => l.split(':')[2] !== String(process.getuid!()));
      await writeFile(passwd, lines.join('\n'));
      // Named ssh, so git still passes the port as it does to ssh.
      const wrapper = path.join(await mkdtemp(path.join(s.dir, 'nouser-')), 'ssh');
      await writeFile(wrapper, `#!/bin/sh\nexec env LD_PRELOAD=libnss_wrapper.so NSS_WRAPPER_PASSWD=${passwd} NSS_WRAPPER_GROUP=/etc/group ssh "$@"\n`, { mode: 0o755 });
      return { repository: siteUrl(s.port), ssh: sshCommand({ keyPath: s.readKey, knownHostsPath: s.knownHosts }).replace(/^ssh /, `${wrapper} `) };
    },
  },
  {
    name: 'nothing listening on the port',
    reason: 'fetch-refused',
    line: /^ssh: connect to host 127\.0\.0\.1 port \d+: Connection refused$/,
    arrange: async (s) => ({ repository: siteUrl(await freePort()), ssh: sshCommand({ keyPath: s.readKey, knownHostsPath: s.knownHosts }) }),
  },
  {
    name: 'a host name that does not resolve',
    reason: 'fetch-dns',
    line: /^ssh: Could not resolve hostname deploy\.example\.org: /,
    arrange: async (s) => ({ repository: 'ssh://git@deploy.example.org/deploy.git', ssh: `unshare -rn ${sshCommand({ keyPath: s.readKey, knownHostsPath: s.knownHosts })}` }),
  },
  {
    name: 'a repository the server does not have',
    reason: 'fetch-unreachable',
    line: /other\.git' does not appear to be a git repository$/,
    arrange: async (s) => ({ repository: `ssh://git@127.0.0.1:${s.port}/other.git`, ssh: sshCommand({ keyPath: s.readKey, knownHostsPath: s.knownHosts }) }),
  },
  {
    name: 'a server that hangs up before speaking SSH (no pattern: the first line is the cause)',
    reason: 'fetch-failed',
    line: /^kex_exchange_identification: /,
    arrange: async (s) => ({ repository: siteUrl(s.hangUpPort), ssh: sshCommand({ keyPath: s.readKey, knownHostsPath: s.knownHosts }) }),
  },
];

describe('a failed fetch names its cause', { skip }, () => {
  let setup: Setup;
  let server: GitServer;
  const hangUp = net.createServer((socket) => socket.destroy());
  let served: string;
  before(async () => {
    // Made here and removed in the suite's after(): tempDir's own cleanup would run when this hook ends.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'galley-fetch-failure-'));
    const repo = await DeployRepo.create(dir);
    served = await repo.publish(siteFiles('v1'), { signWith: null });
    const hostKey = await newKey(dir, 'host');
    const readKey = await newKey(dir, 'read');
    server = await startGitServer({
      hostKey: await readFile(hostKey),
      keys: { read: await readFile(`${readKey}.pub`, 'utf8'), write: await readFile(`${await newKey(dir, 'write')}.pub`, 'utf8') },
      reposDir: dir,
      port: 0,
    });
    const knownHosts = path.join(dir, 'known_hosts');
    await writeFile(knownHosts, `[127.0.0.1]:${server.port} ${(await readFile(`${hostKey}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ')}\n`);
    await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
    setup = { dir, port: server.port, hangUpPort: (hangUp.address() as net.AddressInfo).port, readKey, knownHosts };
  });
  after(async () => {
    await server?.close();
    await new Promise((resolve) => hangUp.close(resolve));
    await rm(setup.dir, { recursive: true, force: true });
  });

  test('the read key with the pinned host key fetches (every fault below is its own)', async () => {
    const fetched = await fetchWith(setup, { repository: siteUrl(setup.port), ssh: sshCommand({ keyPath: setup.readKey, knownHostsPath: setup.knownHosts }) });
    assert.equal(fetched, served);
  });

  for (const c of cases) {
    test(c.name, async () => {
      const failure = await fetchWith(setup, await c.arrange(setup)).then(
        () => assert.fail('the fetch should have failed'),
        (error: unknown) => error as SyncFailure,
      );
      assert.ok(failure instanceof SyncFailure, String(failure));
      assert.equal(failure.reason, c.reason, `${failure.message}\n${failure.details.join('\n')}`);
      const line = failure.details.find((l) => c.line.test(l));
      assert.ok(line, `no line like ${c.line} in:\n${failure.details.join('\n')}`);
      assert.equal(failure.message, `Unexpected fetch failure: ${line}`);
      const metrics = new SyncMetrics();
      metrics.failure(failure.reason, 0.1, 0, 1);
      assert.match(await metrics.registry.metrics(), new RegExp(`^galley_sync_failures_total\\{reason="${c.reason}"\\} 1$`, 'm'));
    });
  }
});

async function fetchWith(s: Setup, fault: { repository: string; ssh: string }): Promise<string> {
  const gitDir = await tempDir('galley-fetch-failure-repo-');
  await ensureRepository(gitDir);
  return (await fetchTip({ gitDir, repo: fault.repository, ref: 'main', sshCommand: fault.ssh, timeoutMs: 60_000 })).commit;
}

async function newKey(dir: string, name: string): Promise<string> {
  const file = path.join(dir, name);
  await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
  return file;
}
