import type { Finding } from './finding.ts';

export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  io: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A failure that stops a command: configuration, usage, I/O or remote. It carries its exit code,
 * a rule id and a hint, and optionally a placed finding. The message must never hold a secret.
 */
export class GalleyError extends Error {
  readonly exitCode: ExitCode;
  readonly ruleId: string;
  readonly hint: string | undefined;
  readonly findings: Finding[];

  constructor(
    message: string,
    options: { exitCode: ExitCode; ruleId: string; hint?: string; findings?: Finding[]; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GalleyError';
    this.exitCode = options.exitCode;
    this.ruleId = options.ruleId;
    this.hint = options.hint;
    this.findings = options.findings ?? [];
  }
}
