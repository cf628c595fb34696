import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { failureReasons, type FailureReason } from './failure.ts';

/** The sidecar's Prometheus metrics, on a registry of its own (several loops may share a process in tests). */
export class SyncMetrics {
  readonly registry = new Registry();
  readonly lastSuccess = new Gauge({
    name: 'galley_sync_last_success_timestamp_seconds',
    help: 'Unix time of the last cycle that ended with the newest verified release served',
    registers: [this.registry],
  });
  readonly revision = new Gauge({
    name: 'galley_sync_revision_info',
    help: 'The deploy commit being served (value 1, revision as label)',
    labelNames: ['revision'],
    registers: [this.registry],
  });
  readonly failures = new Counter({
    name: 'galley_sync_failures_total',
    help: 'Cycles that kept the last good release, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'galley_sync_cycle_duration_seconds',
    help: 'Duration of sync cycles, by result',
    labelNames: ['result'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  readonly bytesFetched = new Counter({
    name: 'galley_sync_fetched_bytes_total',
    help: 'Bytes the fetch repository grew by (packs as received)',
    registers: [this.registry],
  });
  readonly consecutiveFailures = new Gauge({
    name: 'galley_sync_consecutive_failures',
    help: 'Failed cycles since the last success (drives the backoff)',
    registers: [this.registry],
  });

  constructor() {
    // Every reason is present from the start, so `rate()` and alerts see zeros, not gaps.
    for (const reason of failureReasons) this.failures.inc({ reason }, 0);
  }

  success(revision: string, seconds: number, result: string, bytes: number, now = Date.now()): void {
    this.lastSuccess.set(now / 1000);
    this.setRevision(revision);
    this.duration.observe({ result }, seconds);
    this.bytesFetched.inc(bytes);
    this.consecutiveFailures.set(0);
  }

  failure(reason: FailureReason, seconds: number, bytes: number, failures: number): void {
    this.failures.inc({ reason });
    this.duration.observe({ result: 'failed' }, seconds);
    this.bytesFetched.inc(bytes);
    this.consecutiveFailures.set(failures);
  }

  setRevision(revision: string): void {
    this.revision.reset();
    this.revision.set({ revision }, 1);
  }
}
