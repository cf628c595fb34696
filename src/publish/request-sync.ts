import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { SYNC_NAMESPACE, SYNC_PATH, syncMessage, type SyncRequest } from '../sync/sync-request.ts';
import { httpPostJson, unreachableReason } from './http-get.ts';
import { REPLICA_HEADER } from './served-proof.ts';

const run = promisify(execFile);

/** Sign a sync request for `revision` now with the signing key (`ssh-keygen -Y sign`, no new secret). */
export async function signSyncRequest(signingKey: string, revision: string, now = Date.now()): Promise<SyncRequest> {
  const time = Math.floor(now / 1000);
  const child = run('ssh-keygen', ['-Y', 'sign', '-f', signingKey, '-n', SYNC_NAMESPACE]);
  child.child.stdin!.end(syncMessage(revision, time));
  try {
    return { revision, time, signature: (await child).stdout };
  } catch (error) {
    throw signingFailure('the sync request', error);
  }
}

/** The signing key did not sign (a deploy commit, a sync request): exit 2, see `galley doctor`. */
export function signingFailure(what: string, cause: unknown): GalleyError {
  return new GalleyError(`Could not sign ${what} with the signing key`, {
    exitCode: ExitCode.usage,
    ruleId: 'publish-sign-failed',
    hint: 'Check the signing key (GALLEY_SIGNING_KEY / publish.keys.signing) with `galley doctor`.',
    cause,
  });
}

/**
 * POST a signed sync request to the address; returns what came back in words. Never throws for
 * the answer: a sidecar that refuses or an address without the route leaves the poll to serve it.
 */
export async function requestSync(url: string, request: SyncRequest): Promise<{ said: string; replica?: string }> {
  try {
    const answer = await httpPostJson(`${url}${SYNC_PATH}`, request);
    const replica = answer.headers[REPLICA_HEADER];
    const said = (() => {
      try {
        return (JSON.parse(answer.body.toString('utf8')) as { result?: string; message?: string }).result;
      } catch {
        return undefined;
      }
    })();
    return { said: `HTTP ${answer.status}${said ? ` ${said}` : ''}`, replica: typeof replica === 'string' && replica !== '' ? replica : undefined };
  } catch (error) {
    return { said: `unreachable (${unreachableReason(error)})` };
  }
}

/**
 * At most this many requests a nudge: behind a balancer each reaches one pod, and the one that
 * lags may be any of them. A strict rotation that puts every request on the same pod (one GET, one
 * POST, and again) is broken by asking until the lagging replica answers; a random pick of n pods
 * misses it four times with probability (1 - 1/n)^4.
 */
const TRIES = 4;

/**
 * The served proof's nudge: sign afresh (the time must be current) and ask, again until the
 * replica that lags has answered (where nginx named it), up to TRIES; report each new answer.
 */
export function syncNudge(url: string, signingKey: string, progress?: (line: string) => void): (revision: string, lagging?: string) => Promise<void> {
  let last: string | undefined;
  return async (revision, lagging) => {
    const request = await signSyncRequest(signingKey, revision);
    for (let i = 0; i < TRIES; i++) {
      const answer = await requestSync(url, request);
      if (answer.said !== last) progress?.(`asked ${url} to sync ${revision.slice(0, 7)} now: ${answer.said}`);
      last = answer.said;
      if (lagging === undefined || answer.replica === undefined || answer.replica === lagging) return;
    }
  };
}
