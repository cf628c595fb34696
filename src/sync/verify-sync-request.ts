import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SYNC_NAMESPACE, syncMessage, type SyncAnswer, type SyncRequest } from './sync-request.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `ssh-keygen -Y …` with the message on stdin and the signature in `sigFile`. */
function sshKeygen(args: string[], message: string, sigFile: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh-keygen', [...args, '-s', sigFile], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let stdout = '';
    let stderr = '';
    // ssh-keygen answers in milliseconds; one that hangs must not pile up behind the rate limit.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => (clearTimeout(timer), reject(error)));
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
    child.stdin.on('error', () => undefined);
    child.stdin.end(message);
  });
}

/** Who signed a request that verified: the allowed_signers principal and the key's fingerprint. */
export interface SyncSigner {
  principal: string;
  fingerprint: string;
}

/**
 * Check the request's signature against allowed_signers the way `git verify-commit` checks a
 * commit: the signer must be listed (for the sync namespace) and the signature must cover exactly
 * this revision and time. Returns the signer, or the refusal to answer with.
 */
export async function verifySyncRequest(request: SyncRequest, allowedSigners: string): Promise<SyncSigner | SyncAnswer> {
  // ssh-keygen reads the signature from a file: the sidecar's /tmp (an emptyDir in the pod).
  const dir = await mkdtemp(path.join(tmpdir(), 'galley-sync-request-'));
  try {
    const sigFile = path.join(dir, 'request.sig');
    await writeFile(sigFile, request.signature);
    return await verifyWith(request, allowedSigners, sigFile);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function verifyWith(request: SyncRequest, allowedSigners: string, sigFile: string): Promise<SyncSigner | SyncAnswer> {
  const message = syncMessage(request.revision, request.time);
  const found = await sshKeygen(['-Y', 'find-principals', '-f', allowedSigners], '', sigFile);
  const principal = found.stdout.split('\n')[0]?.trim();
  if (found.code !== 0 || !principal) {
    return {
      result: 'unknown-key',
      message: 'Unexpected signature by a key not in the allowed signers, expected the publisher signing key',
      hint: 'sign with the key whose public half allowed_signers lists (publish.keys.signing)',
    };
  }
  const checked = await sshKeygen(['-Y', 'verify', '-f', allowedSigners, '-I', principal, '-n', SYNC_NAMESPACE], message, sigFile);
  const good = /Good "[^"]+" signature for \S+ with \S+ key (SHA256:[A-Za-z0-9+/=]+)/.exec(checked.stdout);
  if (checked.code === 0 && good) return { principal, fingerprint: good[1]! };
  if (/not permitted for use in signature namespace/.test(checked.stderr)) {
    return {
      result: 'unknown-key',
      message: `Unexpected signing key allowed only for other namespaces, expected it allowed for "${SYNC_NAMESPACE}"`,
      hint: `list the key in allowed_signers with namespaces="git,${SYNC_NAMESPACE}" (\`galley keys init\` writes it so)`,
    };
  }
  return {
    result: 'bad-signature',
    message: `Unexpected signature that does not cover revision ${request.revision.slice(0, 12)} at time ${request.time}, expected one over exactly that`,
    hint: 'the request was altered or signed for another revision; publish signs each request afresh',
  };
}
