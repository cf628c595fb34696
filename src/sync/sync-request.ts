import { z } from 'zod';

/**
 * The sync-now request (design §6): publish POSTs it to the readers' address right after the push;
 * nginx passes it to the sidecar beside it. What both sides agree on lives here.
 */
export const SYNC_PATH = '/.well-known/galley/sync';

/**
 * The SSH signature namespace (`ssh-keygen -Y sign -n`): a sync request can never pass for a
 * commit signature (namespace `git`) nor the reverse. allowed_signers must list it for the key.
 */
export const SYNC_NAMESPACE = 'galley-sync';

/** How far the request's time may be from the sidecar's clock, either way (NTP keeps both far closer). */
export const SYNC_WINDOW_SECONDS = 120;

/** A request body is a few hundred bytes; nginx refuses more than 8 KiB before the sidecar sees it. */
export const SYNC_MAX_BODY = 8 * 1024;

export const syncRequestSchema = z.strictObject({
  /** The deploy commit just pushed. */
  revision: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/),
  /** Unix seconds when it was signed. */
  time: z.number().int().positive(),
  /** `ssh-keygen -Y sign` output (armored) over `syncMessage(revision, time)`. */
  signature: z.string().startsWith('-----BEGIN SSH SIGNATURE-----').max(4096),
});
export type SyncRequest = z.infer<typeof syncRequestSchema>;

/** The signed bytes: what the request asks for, and when. */
export function syncMessage(revision: string, time: number): string {
  return `galley sync request\nrevision ${revision}\ntime ${time}\n`;
}

/** The sidecar's answer: `result` is also the label of `galley_sync_requests_total`. */
export const syncResults = ['accepted', 'serving', 'malformed', 'stale', 'rate-limited', 'unknown-key', 'bad-signature'] as const;
export type SyncResult = (typeof syncResults)[number];
export interface SyncAnswer {
  result: SyncResult;
  message: string;
  hint?: string;
}
