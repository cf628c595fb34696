import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter } from 'prom-client';
import type { Log } from './log.ts';
import type { SyncLoop } from './loop.ts';
import type { SyncMetrics } from './metrics.ts';
import { SYNC_MAX_BODY, SYNC_WINDOW_SECONDS, syncRequestSchema, syncResults, type SyncAnswer, type SyncResult } from './sync-request.ts';
import { TokenBucket } from './token-bucket.ts';
import { verifySyncRequest } from './verify-sync-request.ts';

const STATUS: Record<SyncResult, number> = {
  accepted: 202,
  serving: 200,
  malformed: 400,
  stale: 403,
  'unknown-key': 403,
  'bad-signature': 403,
  'rate-limited': 429,
};

export interface SyncNowOptions {
  allowedSigners: string;
  loop: Pick<SyncLoop, 'served' | 'syncNow'>;
  metrics: SyncMetrics;
  log: Log;
  /** Requests that reach the signature check at once, then one per `refillMs`. */
  burst?: number;
  refillMs?: number;
  now?: () => number;
}

/**
 * The sidecar's answer to `POST /.well-known/galley/sync`: a request signed by a key of
 * allowed_signers, within the time window and the rate limit, starts the loop's next cycle now.
 * That cycle verifies as every cycle does; the request can only make it early, never skip a check.
 */
export function syncNowHandler(options: SyncNowOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const now = options.now ?? Date.now;
  // Five at once covers a publish nudging through a balancer; then one every 6 s (10 a minute).
  const bucket = new TokenBucket(options.burst ?? 5, options.refillMs ?? 6000, now);
  const counter = new Counter({
    name: 'galley_sync_requests_total',
    help: 'Sync-now requests, by how they were answered',
    labelNames: ['result'],
    registers: [options.metrics.registry],
  });
  for (const result of syncResults) counter.inc({ result }, 0);

  const decide = async (body: string): Promise<SyncAnswer & { revision?: string; signer?: string }> => {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const parsed = syncRequestSchema.safeParse(json);
    if (!parsed.success) {
      return { result: 'malformed', message: 'Unexpected request body, expected JSON with revision, time and signature', hint: 'galley publish sends it' };
    }
    const request = parsed.data;
    const skew = Math.abs(now() / 1000 - request.time);
    if (skew > SYNC_WINDOW_SECONDS) {
      return {
        revision: request.revision,
        result: 'stale',
        message: `Unexpected request time ${request.time}, ${Math.round(skew)} s from this clock, expected within ${SYNC_WINDOW_SECONDS} s`,
        hint: 'a replayed request, or a clock off: check NTP on the publisher and the node',
      };
    }
    if (!bucket.take()) {
      return { revision: request.revision, result: 'rate-limited', message: 'Unexpected request rate, expected a few per minute', hint: 'the poll serves it anyway' };
    }
    const signer = await verifySyncRequest(request, options.allowedSigners);
    if ('result' in signer) return { ...signer, revision: request.revision };
    if (options.loop.served === request.revision) {
      return { revision: request.revision, signer: signer.fingerprint, result: 'serving', message: `already serving ${request.revision.slice(0, 12)}` };
    }
    options.loop.syncNow();
    return { revision: request.revision, signer: signer.fingerprint, result: 'accepted', message: 'syncing now' };
  };

  const answer = (res: ServerResponse, outcome: SyncAnswer & { revision?: string; signer?: string }): void => {
    counter.inc({ result: outcome.result });
    options.log(outcome.result === 'accepted' || outcome.result === 'serving' ? 'info' : 'warn', 'sync-request', { ...outcome });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (outcome.result === 'rate-limited') headers['retry-after'] = String(bucket.retryAfterSeconds());
    res.writeHead(STATUS[outcome.result], headers);
    res.end(`${JSON.stringify({ result: outcome.result, message: outcome.message, hint: outcome.hint })}\n`);
  };

  return (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('POST a signed sync request\n');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= SYNC_MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      const body = size > SYNC_MAX_BODY ? '' : Buffer.concat(chunks).toString('utf8');
      decide(body).then(
        (outcome) => answer(res, outcome),
        (error: Error) => {
          options.log('error', 'sync-request', { result: 'internal', message: error.message });
          res.writeHead(500).end();
        },
      );
    });
  };
}
