import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ssh2 from 'ssh2';
import { publicKeyOf } from './fingerprint.ts';
import { KEY_ROLES, type KeyPaths } from './key-paths.ts';

export interface InitKeysOptions {
  paths: KeyPaths;
  /** The committer email that signs deploy commits; the principal in allowed_signers. */
  principal: string;
  /** known_hosts host pattern of the embedded server, e.g. `[127.0.0.1]:*` (any port). */
  hostPattern: string;
}

export interface InitKeysResult {
  /** Files written by this run (existing keys are never overwritten). */
  created: string[];
}

/**
 * `galley keys init`: an ed25519 key per role plus the embedded server's host key, each OpenSSH
 * format and mode 0600, then allowed_signers and a known_hosts that pins the host key. Idempotent.
 */
export async function initKeys(options: InitKeysOptions): Promise<InitKeysResult> {
  const { paths } = options;
  const created: string[] = [];
  for (const role of [...KEY_ROLES, 'hostKey'] as const) {
    const file = paths[role];
    if (existsSync(file)) continue;
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: `galley-${role === 'hostKey' ? 'host' : role}` });
    // `wx`: never replace a key someone else created between the check and the write.
    await writeFile(file, pair.private, { mode: 0o600, flag: 'wx' });
    await writeFile(`${file}.pub`, `${pair.public}\n`, { mode: 0o644 });
    created.push(file, `${file}.pub`);
  }
  const signing = await publicKeyOf(paths.signing);
  if (await writeIfChanged(paths.allowedSigners, `${options.principal} namespaces="git" ${signing.line}\n`)) {
    created.push(paths.allowedSigners);
  }
  if (!existsSync(paths.knownHosts)) {
    const host = await publicKeyOf(paths.hostKey);
    await mkdir(path.dirname(paths.knownHosts), { recursive: true, mode: 0o700 });
    await writeFile(paths.knownHosts, `${options.hostPattern} ${host.line}\n`, { mode: 0o644 });
    created.push(paths.knownHosts);
  }
  return { created };
}

async function writeIfChanged(file: string, text: string): Promise<boolean> {
  const current = existsSync(file) ? await readFile(file, 'utf8') : undefined;
  if (current === text) return false;
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, text, { mode: 0o644 });
  return true;
}
