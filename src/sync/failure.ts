/**
 * Why a cycle did not serve a new release. Each reason is a label of
 * `galley_sync_failures_total` and the `reason` of the cycle's log line.
 */
export const failureReasons = [
  'fetch-unreachable',
  'fetch-interrupted',
  'fetch-auth',
  'fetch-timeout',
  'fetch-failed',
  'signature-missing',
  'signature-untrusted',
  'not-descendant',
  'manifest-invalid',
  'manifest-mismatch',
  'tree-unsupported-entry',
  'write-failed',
  'disk-full',
  'internal',
] as const;
export type FailureReason = (typeof failureReasons)[number];

/** Refused content (as opposed to a transport or disk problem): exit 1 under `--once`. */
const refusals: ReadonlySet<FailureReason> = new Set([
  'signature-missing',
  'signature-untrusted',
  'not-descendant',
  'manifest-invalid',
  'manifest-mismatch',
  'tree-unsupported-entry',
]);

export class SyncFailure extends Error {
  readonly reason: FailureReason;
  readonly hint: string | undefined;
  /** Every finding behind the failure (e.g. each file that does not match the manifest). */
  readonly details: string[];
  /** The fetched revision the failure is about, when known. */
  revision: string | undefined;
  /** What the cycle had fetched before it failed, for the bytes metric. */
  bytesFetched = 0;

  constructor(
    reason: FailureReason,
    message: string,
    options: { hint?: string; revision?: string; details?: string[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SyncFailure';
    this.reason = reason;
    this.hint = options.hint;
    this.revision = options.revision;
    this.details = options.details ?? [];
  }

  get refused(): boolean {
    return refusals.has(this.reason);
  }
}
