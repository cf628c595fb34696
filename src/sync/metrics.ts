import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { failureReasons, type FailureReason } from './failure.ts';

/** The sidecar's Prometheus metrics, on a registry of its own (several loops may share a process in tests). */
export class SyncMetrics {
  readonly registry = new Registry();
  private readonly on = <L extends string>(name: string, help: string, labelNames: L[] = []) => ({
    name: `galley_sync_${name}`,
    help,
    labelNames,
    registers: [this.registry],
  });
  readonly lastSuccess = new Gauge(this.on('last_success_timestamp_seconds', 'Unix time of the last cycle that ended with the newest verified release served'));
  readonly revision = new Gauge(this.on('revision_info', 'The deploy commit being served (value 1, revision as label)', ['revision']));
  readonly failures = new Counter(this.on('failures_total', 'Cycles that kept the last good release, by reason', ['reason']));
  readonly duration = new Histogram({
    ...this.on('cycle_duration_seconds', 'Duration of sync cycles, by result', ['result']),
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  });
  readonly bytesFetched = new Counter(this.on('fetched_bytes_total', 'Bytes the fetch repository grew by (packs as received)'));
  readonly consecutiveFailures = new Gauge(this.on('consecutive_failures', 'Failed cycles since the last success (drives the backoff)'));

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
