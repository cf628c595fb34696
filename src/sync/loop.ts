import { runCycle, type CycleOutcome } from './cycle.ts';
import { SyncFailure } from './failure.ts';
import type { Log } from './log.ts';
import type { WriteFile } from './materialize.ts';
import type { SyncMetrics } from './metrics.ts';
import type { SyncOptions } from './options.ts';

export interface LoopDeps {
  metrics: SyncMetrics;
  log: Log;
  write?: WriteFile;
  random?: () => number;
  /** Told after every cycle (e.g. to print the URL once the first release is served). */
  onCycle?: (result: CycleOutcome | SyncFailure) => void;
}

/**
 * Cycles every interval (± jitter); after failures it backs off exponentially up to `maxBackoff`
 * and keeps serving the last good release. `stop()` lets the running cycle finish, then returns.
 */
export class SyncLoop {
  lastSuccessMs: number | undefined;
  served: string | undefined;
  failures = 0;
  private stopping = false;
  /** A sync-now request arrived: the next cycle starts without waiting out the interval. */
  private requested = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly options: SyncOptions,
    private readonly deps: LoopDeps,
  ) {}

  /** One cycle with its metrics and log line; never throws. */
  async cycle(): Promise<CycleOutcome | SyncFailure> {
    this.requested = false;
    const started = Date.now();
    try {
      const outcome = await runCycle(this.options, { write: this.deps.write });
      this.failures = 0;
      this.lastSuccessMs = Date.now();
      this.served = outcome.revision;
      this.deps.metrics.success(outcome.revision, outcome.durationMs / 1000, outcome.result, outcome.bytesFetched);
      this.deps.log('info', 'cycle', {
        result: outcome.result,
        startedAt: new Date(started).toISOString(),
        revision: outcome.revision,
        previous: outcome.previous,
        verification: outcome.signature
          ? { signature: 'good', signer: outcome.signature.principal, key: outcome.signature.fingerprint, descent: outcome.previous ? 'descendant' : 'first release', manifest: `${outcome.files} files match` }
          : undefined,
        carriedAssets: outcome.carriedAssets,
        pruned: outcome.pruned.length > 0 ? outcome.pruned : undefined,
        bytesFetched: outcome.bytesFetched,
        durationMs: Math.round(outcome.durationMs),
      });
      return outcome;
    } catch (error) {
      const failure = asFailure(error);
      this.failures++;
      this.deps.metrics.failure(failure.reason, (Date.now() - started) / 1000, failure.bytesFetched, this.failures);
      this.deps.log('error', 'cycle', {
        result: 'failed',
        startedAt: new Date(started).toISOString(),
        reason: failure.reason,
        message: failure.message,
        hint: failure.hint,
        details: failure.details.length > 0 ? failure.details.slice(0, 50) : undefined,
        revision: failure.revision,
        served: this.served,
        retryInSeconds: this.options.once ? undefined : Math.round(this.nextDelayMs() / 100) / 10,
        durationMs: Date.now() - started,
      });
      return failure;
    }
  }

  /** Runs until stopped (or one cycle with `once`); returns the exit code. */
  async run(): Promise<number> {
    for (;;) {
      const result = await this.cycle();
      this.deps.onCycle?.(result);
      if (this.options.once) return result instanceof SyncFailure ? (result.refused ? 1 : 3) : 0;
      if (this.stopping) return 0;
      // A request during the cycle may name a commit pushed after its fetch: go again at once.
      if (!this.requested) await this.sleep(this.nextDelayMs());
      if (this.stopping) return 0;
    }
  }

  stop(): void {
    this.stopping = true;
    this.wake?.();
  }

  /** Start the next cycle now (a verified sync request); the interval stays the fallback. */
  syncNow(): void {
    this.requested = true;
    this.wake?.();
  }

  healthy(staleSeconds: number, now = Date.now()): boolean {
    return this.lastSuccessMs !== undefined && now - this.lastSuccessMs <= staleSeconds * 1000;
  }

  nextDelayMs(): number {
    const base = this.options.interval * 2 ** this.failures;
    const seconds = Math.min(base, Math.max(this.options.maxBackoff, this.options.interval));
    const jitter = 1 + this.options.jitter * (2 * (this.deps.random ?? Math.random)() - 1);
    return seconds * jitter * 1000;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function asFailure(error: unknown): SyncFailure {
  if (error instanceof SyncFailure) return error;
  const err = error as NodeJS.ErrnoException;
  if (err?.code === 'ENOSPC') return new SyncFailure('disk-full', `Unexpected full disk: ${err.message}`, { cause: error, hint: 'free space on the destination volume' });
  if (typeof err?.code === 'string' && err.syscall) {
    return new SyncFailure('write-failed', `Unexpected I/O failure: ${err.message}`, { cause: error, hint: 'check the destination volume is writable by the sidecar' });
  }
  return new SyncFailure('internal', `Unexpected internal error: ${err?.message ?? String(error)}`, { cause: error });
}
