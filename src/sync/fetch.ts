import { readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SyncFailure, type FailureReason } from './failure.ts';
import { gitText, runGit, type GitResult } from './run-git.ts';

/** Where the fetched tip is kept in the sidecar's own repository. */
export const FETCHED_REF = 'refs/galley/fetched';

export interface FetchSource {
  gitDir: string;
  repo: string;
  ref: string;
  sshCommand: string | undefined;
  timeoutMs: number;
}

/** The bare repository the sidecar fetches into; created on first use. */
export async function ensureRepository(gitDir: string): Promise<void> {
  if (existsSync(path.join(gitDir, 'HEAD'))) return;
  await gitText(['init', '--quiet', '--bare', gitDir]);
}

function refspec(ref: string): string {
  const full = ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
  return `+${full}:${FETCHED_REF}`;
}

/**
 * Fetch the tip of the ref (depth 1, or `--deepen` more of its history) and return its commit and
 * the bytes the object store grew by. Packs are kept as received so that figure is the transfer.
 */
export async function fetchTip(source: FetchSource, deepen?: number): Promise<{ commit: string; bytes: number }> {
  const before = await dirSize(path.join(source.gitDir, 'objects'));
  const depthArg = deepen === undefined ? '--depth=1' : `--deepen=${deepen}`;
  const result = await runGit(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', depthArg, source.repo, refspec(source.ref)], {
    gitDir: source.gitDir,
    config: { 'fetch.unpackLimit': '1', 'protocol.version': '2' },
    sshCommand: source.sshCommand,
    timeoutMs: source.timeoutMs,
  });
  if (result.code !== 0) throw fetchFailure(result, source.timeoutMs);
  const commit = (await gitText(['rev-parse', '--verify', `${FETCHED_REF}^{commit}`], { gitDir: source.gitDir })).trim();
  const after = await dirSize(path.join(source.gitDir, 'objects'));
  return { commit, bytes: Math.max(0, after - before) };
}

/**
 * The line of ssh's or git's stderr that names each cause an operator acts on differently, and what
 * to do; the first cause with a matching line wins, so ssh's own line beats git's closing
 * `Could not read from remote repository`, which every ssh failure ends with.
 */
const causes: [FailureReason, RegExp, string][] = [
  ['fetch-no-user', /no user exists for uid/i,
    'ssh needs a passwd entry for the running uid: the image provides one through nss_wrapper (libnss-wrapper) in a writable /tmp'],
  ['fetch-host-key', /host key (is known )?for .* strict checking|host key verification failed/i,
    'the server\'s host key is not the one pinned in known_hosts: check the pin before trusting a new key'],
  ['fetch-auth', /permission denied|authentication failed|access denied|not allowed/i,
    'check the read key and its access on the server'],
  ['fetch-dns', /could not resolve host|name or service not known|temporary failure in name resolution/i,
    'check the host name in --repository and the DNS the sidecar uses'],
  ['fetch-refused', /connection refused/i,
    'nothing listens there: check the port in --repository and that the git server is up'],
  ['fetch-interrupted', /early eof|hung up unexpectedly|unexpected disconnect|index-pack failed|protocol error|remote end hung up|fetch-pack: invalid/i,
    'the transfer broke off; the next cycle retries from scratch'],
  ['fetch-unreachable', /no route to host|timed out|network is unreachable|does not appear to be a git repository/i,
    'check the address and path in --repository, and that the deploy repository is up and reachable from here'],
];

/** Sort git's stderr into a reason by the line that names the cause; the whole stderr is the details. */
export function fetchFailure(result: GitResult, timeoutMs: number): SyncFailure {
  const lines = redactUrls(result.stderr).split('\n').map((line) => line.trim()).filter(Boolean);
  const details = lines.slice(0, 20);
  if (result.timedOut) {
    return new SyncFailure('fetch-timeout', `Unexpected fetch still running after ${timeoutMs / 1000} s, expected it to finish`, {
      hint: 'raise --fetch-timeout or check the network to the deploy repository',
      details,
    });
  }
  const full = lines.find((line) => /no space left on device|disk quota exceeded/i.test(line));
  if (full) return new SyncFailure('disk-full', `Unexpected full disk while fetching: ${full}`, { hint: 'free space on the destination volume; the last good release is still served', details });
  for (const [reason, pattern, hint] of causes) {
    const line = lines.find((l) => pattern.test(l));
    if (line) return new SyncFailure(reason, `Unexpected fetch failure: ${line}`, { hint, details });
  }
  // Unrecognized: ssh's line comes before git's generic closing lines, so the first one is the cause.
  return new SyncFailure('fetch-failed', `Unexpected fetch failure: ${lines[0] ?? `git exited with ${result.code ?? result.signal}`}`, {
    hint: 'check --repository and --ref',
    details,
  });
}

/** A URL's user info may hold a credential; never let it reach a log line. */
export function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    try {
      total += (await stat(path.join(entry.parentPath, entry.name))).size;
    } catch {
      // removed by a concurrent gc: it no longer counts
    }
  }
  return total;
}
