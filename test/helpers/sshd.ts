import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './temp-dir.ts';

const run = promisify(execFile);
export const SSHD = '/usr/sbin/sshd';
// sshd refuses to start without its privilege separation directory (Debian creates it at boot).
const PRIVSEP_DIR = '/run/sshd';

export interface SshdKeys {
  /** Public key lines (authorized_keys form) per role. */
  write: string;
  read: string;
}

export interface Sshd {
  port: number;
  user: string;
  /** Bare repositories live here; `url('site.git')` addresses one. */
  reposDir: string;
  /** known_hosts pinning this server's own host key, for StrictHostKeyChecking=yes. */
  knownHostsPath: string;
  url(repo: string): string;
  /** sshd's log plus the git-only wrapper's refusals. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

/** Why the real-sshd tests cannot run here, or undefined when they can. */
export function sshdSkipReason(): string | undefined {
  if (!existsSync(SSHD)) return `${SSHD} not installed (Debian package openssh-server)`;
  if (!existsSync('/usr/bin/git-shell')) return 'git-shell not installed (Debian package git)';
  if (!existsSync(PRIVSEP_DIR) && process.getuid?.() !== 0) return `${PRIVSEP_DIR} missing and not root to create it`;
  return undefined;
}

/**
 * Debian's real OpenSSH sshd on 127.0.0.1 with an ephemeral port, its own host key and config in
 * a temp dir, and `authorized_keys` entries `restrict,command=` that wrap git-shell: the write key
 * may run upload-pack and receive-pack, the read key only upload-pack. Stopped by `stop()`.
 */
export async function startSshd(keys: SshdKeys): Promise<Sshd> {
  const dir = await tempDir('galley-sshd-');
  const reposDir = path.join(dir, 'repos');
  await mkdir(reposDir);
  if (!existsSync(PRIVSEP_DIR)) await mkdir(PRIVSEP_DIR, { mode: 0o755 });
  const hostKey = path.join(dir, 'host_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'galley-test-sshd', '-f', hostKey]);
  const wrapper = path.join(dir, 'git-only.sh');
  const refusals = path.join(dir, 'refused.log');
  await writeFile(wrapper, gitOnlyScript(refusals));
  await chmod(wrapper, 0o755);
  const authorized = path.join(dir, 'authorized_keys');
  await writeFile(
    authorized,
    // SHLVL=1: bash sources ~/.bashrc for commands run by sshd only at shell level 1; a user's
    // slow rc file (version managers) would otherwise add seconds to every git command.
    (['write', 'read'] as const)
      .map((role) => `restrict,environment="SHLVL=1",command="${wrapper} ${role}" ${keys[role].trim()}\n`)
      .join(''),
    { mode: 0o600 },
  );
  const user = os.userInfo().username;
  const logFile = path.join(dir, 'sshd.log');
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  await writeFile(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorized}`,
      // The temp dir is not under the user's home, so the home-path ownership checks do not apply.
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      'UsePAM no',
      'PermitUserEnvironment SHLVL',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  const child = spawn(SSHD, ['-D', '-e', '-f', config, '-E', logFile], { stdio: 'ignore' });
  await waitForPort(port, child);
  const hostPub = (await readFile(`${hostKey}.pub`, 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
  const knownHostsPath = path.join(dir, 'known_hosts');
  await writeFile(knownHostsPath, `[127.0.0.1]:${port} ${hostPub}\n`);
  return {
    port,
    user,
    reposDir,
    knownHostsPath,
    url: (repo) => `ssh://${user}@127.0.0.1:${port}${path.join(reposDir, repo)}`,
    log: async () =>
      (await readFile(logFile, 'utf8').catch(() => '')) + (await readFile(refusals, 'utf8').catch(() => '')),
    stop: () => stopChild(child),
  };
}

/** The `command=` of authorized_keys: only the git services of the key's role, via git-shell. */
function gitOnlyScript(refusals: string): string {
  return `#!/bin/sh
set -f
service=\${SSH_ORIGINAL_COMMAND%% *}
case "$1:$service" in
  write:git-receive-pack|write:git-upload-pack|read:git-upload-pack)
    exec git-shell -c "$SSH_ORIGINAL_COMMAND" ;;
esac
echo "refused $1 key: Unexpected $service, expected what the $1 role allows" >> '${refusals}'
echo "galley-test-sshd: Unexpected $service with the $1 key" >&2
exit 1
`;
}

/** A loopback port nothing listens on (just now): for a server to take, or to be refused at. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode} before listening`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
