import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { SYNC_NAMESPACE, SYNC_PATH, syncMessage, type SyncRequest } from '../sync/sync-request.ts';
import { httpPostJson, unreachableReason } from './http-get.ts';

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
export async function requestSync(url: string, request: SyncRequest): Promise<string> {
  try {
    const answer = await httpPostJson(`${url}${SYNC_PATH}`, request);
    const said = (() => {
      try {
        return (JSON.parse(answer.body.toString('utf8')) as { result?: string; message?: string }).result;
      } catch {
        return undefined;
      }
    })();
    return `HTTP ${answer.status}${said ? ` ${said}` : ''}`;
  } catch (error) {
    return `unreachable (${unreachableReason(error)})`;
  }
}

/** The served proof's nudge: sign afresh (the time must be current) and ask; report each new answer. */
export function syncNudge(url: string, signingKey: string, progress?: (line: string) => void): (revision: string) => Promise<void> {
  let last: string | undefined;
  return async (revision) => {
    const said = await requestSync(url, await signSyncRequest(signingKey, revision));
    if (said !== last) progress?.(`asked ${url} to sync ${revision.slice(0, 7)} now: ${said}`);
    last = said;
  };
}
