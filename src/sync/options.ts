import { z } from 'zod';
import { durationSchema } from './duration.ts';

/**
 * Everything `galley sync` needs, from flags or `GALLEY_SYNC_*` environment variables (flags win).
 * Durations are Go-style (`30s`, `1m30s`, `500ms`) or plain seconds, as Kubernetes users write them
 * (git-sync's `--period`, Flux's `interval`), and come out in seconds; defaults live here once.
 */
export const syncOptionsSchema = z.strictObject({
  /** Any git URL; for SSH the command comes from `sshCommand` (or GIT_SSH_COMMAND). */
  repository: z.string().min(1),
  ref: z.string().min(1).default('main'),
  /** Holds `releases/`, the `current` symlink nginx serves, and the fetch repository `.repo/`. */
  dest: z.string().min(1),
  allowedSigners: z.string().min(1),
  /** The read key and the pinned host keys: git's SSH command is built from them, strict. */
  identity: z.string().optional(),
  knownHosts: z.string().optional(),
  /** Or the whole command git runs for SSH (instead of identity and knownHosts). */
  sshCommand: z.string().optional(),
  interval: durationSchema('positive').default(30),
  /** Each wait is the interval (or backoff) times 1 ± jitter, so replicas do not fetch in step. */
  jitter: z.coerce.number().min(0).max(1).default(0.1),
  maxBackoff: durationSchema('positive').default(300),
  /** How long superseded releases and the previous build's hashed assets stay on disk. */
  grace: durationSchema('nonnegative').default(600),
  /** Superseded releases kept even past the grace period, for a quick look back. */
  keep: z.coerce.number().int().nonnegative().default(1),
  fetchTimeout: durationSchema('positive').default(120),
  /** How far back the descent check deepens the shallow fetch before refusing. */
  maxDepth: z.coerce.number().int().positive().default(256),
  /** `/healthz` turns 503 when the last success is older than this. */
  stale: durationSchema('positive').default(300),
  /** host:port of `/healthz` and `/metrics`; empty to serve neither. */
  listen: z.string().default('0.0.0.0:9090'),
  once: z.coerce.boolean().default(false),
});
export type SyncOptionsInput = z.input<typeof syncOptionsSchema>;
export type SyncOptions = z.output<typeof syncOptionsSchema>;

/** `allowedSigners` → `GALLEY_SYNC_ALLOWED_SIGNERS`. */
export function envName(key: string): string {
  return `GALLEY_SYNC_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** Merge environment values under flag values, for every key the schema knows. */
export function optionsFromEnv(env: NodeJS.ProcessEnv, flags: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(syncOptionsSchema.shape)) {
    const fromEnv = env[envName(key)];
    if (fromEnv !== undefined && fromEnv !== '') merged[key] = key === 'once' ? fromEnv === '1' || fromEnv === 'true' : fromEnv;
    if (flags[key] !== undefined) merged[key] = flags[key];
  }
  return merged;
}
