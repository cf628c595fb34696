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

/** Sort git's stderr into the reasons an operator acts on differently. */
export function fetchFailure(result: GitResult, timeoutMs: number): SyncFailure {
  const text = redactUrls(result.stderr);
  const last = text.trim().split('\n').filter(Boolean).slice(-2).join(' / ') || `git exited with ${result.code ?? result.signal}`;
  const reasons: [FailureReason, RegExp, string][] = [
    ['fetch-auth', /permission denied|publickey|authentication failed|not allowed|access denied|host key verification failed/i,
      'check the read key, its access on the server and the pinned known_hosts'],
    ['fetch-interrupted', /early eof|hung up unexpectedly|unexpected disconnect|index-pack failed|protocol error|remote end hung up|fetch-pack: invalid/i,
      'the transfer broke off; the next cycle retries from scratch'],
    ['fetch-unreachable', /could not resolve|connection refused|no route to host|timed out|does not appear to be a git repository|could not read from remote|network is unreachable/i,
      'check that the deploy repository is up and reachable from here'],
  ];
  if (result.timedOut) {
    return new SyncFailure('fetch-timeout', `Unexpected fetch still running after ${timeoutMs / 1000} s, expected it to finish`, {
      hint: 'raise --fetch-timeout or check the network to the deploy repository',
    });
  }
  if (/no space left on device|disk quota exceeded/i.test(text)) {
    return new SyncFailure('disk-full', `Unexpected full disk while fetching: ${last}`, {
      hint: 'free space on the destination volume; the last good release is still served',
    });
  }
  for (const [reason, pattern, hint] of reasons) {
    if (pattern.test(text)) return new SyncFailure(reason, `Unexpected fetch failure: ${last}`, { hint });
  }
  return new SyncFailure('fetch-failed', `Unexpected fetch failure: ${last}`, { hint: 'check --repository and --ref' });
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
