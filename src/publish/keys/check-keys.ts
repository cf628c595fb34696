import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Finding } from '../../report/finding.ts';
import { parsePublicLine, publicKeyOf } from './fingerprint.ts';
import { KEY_PATH_ENV, KEY_ROLES, type KeyPaths, type KeyRole } from './key-paths.ts';

export interface KeyReport {
  role: KeyRole;
  path: string;
  fingerprint?: string;
}

export interface KeyCheck {
  keys: KeyReport[];
  /** Every problem found, each placed at the file it is about; all are configuration errors. */
  findings: Finding[];
}

/**
 * What `doctor` and `publish` check before touching a remote (design §6): each key exists, is
 * private to its owner (no group/other bits), parses, and no two roles share a key; known_hosts
 * pins at least one host key; allowed_signers names the signing key.
 */
export async function checkKeys(root: string, paths: KeyPaths, remote?: string): Promise<KeyCheck> {
  const roles: readonly KeyRole[] = KEY_ROLES;
  const findings: Finding[] = [];
  const keys: KeyReport[] = [];
  const place = (file: string): string => path.relative(root, file) || file;
  const add = (file: string, ruleId: string, message: string, hint: string): void => {
    findings.push({ file: place(file), line: 1, column: 1, ruleId, severity: 'error', message, hint, source: 'publish' });
  };
  for (const role of roles) {
    const file = paths[role];
    const report: KeyReport = { role, path: file };
    keys.push(report);
    if (!existsSync(file)) {
      add(file, 'publish-key-missing', `Unexpected missing ${role} key, expected a private key file`, `Run \`galley keys init\`, or point ${KEY_PATH_ENV[role]} / publish.keys.${role} at the key.`);
      continue;
    }
    const mode = (await stat(file)).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      add(file, 'publish-key-permissions', `Unexpected mode ${mode.toString(8).padStart(4, '0')} on the ${role} key, expected 0600 (owner only)`, `Run \`chmod 600 ${place(file)}\`; ssh refuses such keys too.`);
    }
    try {
      report.fingerprint = (await publicKeyOf(file)).fingerprint;
    } catch (error) {
      add(file, 'publish-key-invalid', `${(error as Error).message} (${role} key)`, 'Generate one with `galley keys init` or `ssh-keygen -t ed25519 -N ""`.');
    }
  }
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      const a = keys[i]!;
      const b = keys[j]!;
      if (a.fingerprint && a.fingerprint === b.fingerprint) {
        add(b.path, 'publish-key-reused', `Unexpected ${b.role} key equal to the ${a.role} key (${a.fingerprint}), expected a distinct key per role`, 'Give each role its own key: a leaked read key must never be able to push or sign.');
      }
    }
  }
  await checkKnownHosts(paths.knownHosts, remote, add);
  return { keys, findings };
}

type Add = (file: string, ruleId: string, message: string, hint: string) => void;

async function checkKnownHosts(file: string, remote: string | undefined, add: Add): Promise<void> {
  const hint = `Pin the server's host key: \`galley keys init\` for the embedded server, or add its verified key to ${KEY_PATH_ENV.knownHosts}.`;
  if (!existsSync(file)) {
    add(file, 'publish-host-unpinned', 'Unexpected missing known_hosts, expected the pinned host key of the deploy server', hint);
    return;
  }
  const pinned = (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .some((line) => parsePublicLine(line.trim().split(/\s+/).slice(1).join(' ')) !== undefined);
  if (!pinned) {
    add(file, 'publish-host-unpinned', 'Unexpected known_hosts without a host key, expected `host key-type base64`', hint);
    return;
  }
  const host = remote ? knownHostsName(remote) : undefined;
  // ssh-keygen -F matches the way ssh does: hashed names and wildcard patterns included.
  if (host && !(await promisify(execFile)('ssh-keygen', ['-F', host, '-f', file]).then(() => true, () => false))) {
    add(file, 'publish-host-unpinned', `Unexpected known_hosts without an entry for ${host}, expected the deploy server's pinned host key`, hint);
  }
}

/** How ssh names a remote's host in known_hosts: `host`, or `[host]:port` off port 22. */
export function knownHostsName(remote: string): string | undefined {
  const url = /^ssh:\/\/(?:[^@/]+@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?\//.exec(remote);
  if (url) return url[2] && url[2] !== '22' ? `[${url[1]!.replace(/^\[|\]$/g, '')}]:${url[2]}` : url[1];
  return /^(?:[^@/]+@)?([^:/]+):/.exec(remote)?.[1];
}
