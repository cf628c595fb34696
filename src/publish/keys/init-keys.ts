import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { link, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ExitCode, GalleyError } from '../../report/galley-error.ts';
import { SYNC_NAMESPACE } from '../../sync/sync-request.ts';
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
    await generateKey(file, `galley-${role === 'hostKey' ? 'host' : role}`);
    created.push(file, `${file}.pub`);
  }
  const signing = await publicKeyOf(paths.signing);
  if (await writeIfChanged(paths.allowedSigners, `${options.principal} namespaces="git,${SYNC_NAMESPACE}" ${signing.line}\n`)) {
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

/**
 * One ed25519 key pair from ssh-keygen (OpenSSH format, private file 0600). Not ssh2's
 * generateKeyPairSync: it strips leading zero bytes from the public key, so about one key in 256
 * comes out 31 bytes long and no parser accepts it (mscdex/ssh2#1513).
 */
export async function generateKey(file: string, comment: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const scratch = await mkdtemp(path.join(path.dirname(file), '.keygen-'));
  try {
    const made = path.join(scratch, 'key');
    await promisify(execFile)('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', made]).catch((error: NodeJS.ErrnoException) => {
      throw new GalleyError(
        error.code === 'ENOENT' ? 'Unexpected missing `ssh-keygen`, expected OpenSSH on the PATH' : `Unexpected failure of \`ssh-keygen\` for ${path.basename(file)}`,
        { exitCode: ExitCode.io, ruleId: 'publish-keygen', hint: 'Install the OpenSSH client (Debian: `apt-get install openssh-client`); publish needs it to push too.', cause: error },
      );
    });
    // link, not rename: it never replaces a key someone else created since the check.
    await link(made, file);
    await rename(`${made}.pub`, `${file}.pub`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function writeIfChanged(file: string, text: string): Promise<boolean> {
  const current = existsSync(file) ? await readFile(file, 'utf8') : undefined;
  if (current === text) return false;
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, text, { mode: 0o644 });
  return true;
}
