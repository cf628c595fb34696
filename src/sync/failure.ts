/**
 * Why a cycle did not serve a new release, and whether the content was refused (exit 1 under
 * `--once`) or the transport or disk failed (exit 3). Each reason is a label of
 * `galley_sync_failures_total` and the `reason` of the cycle's log line.
 */
const reasonKinds = {
  'fetch-unreachable': 'io',
  'fetch-interrupted': 'io',
  'fetch-auth': 'io',
  'fetch-host-key': 'io',
  'fetch-no-user': 'io',
  'fetch-dns': 'io',
  'fetch-refused': 'io',
  'fetch-timeout': 'io',
  'fetch-failed': 'io',
  'signature-missing': 'refused',
  'signature-untrusted': 'refused',
  'not-descendant': 'refused',
  'manifest-invalid': 'refused',
  'manifest-mismatch': 'refused',
  'tree-unsupported-entry': 'refused',
  'write-failed': 'io',
  'disk-full': 'io',
  internal: 'io',
} as const;
export type FailureReason = keyof typeof reasonKinds;
export const failureReasons = Object.keys(reasonKinds) as FailureReason[];

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
    return reasonKinds[this.reason] === 'refused';
  }
}
