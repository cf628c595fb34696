import { formatText } from '../report/format.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import type { CommandIO } from './command.ts';

/** Print a stopping error with its placed findings and hint; never a stack for known errors. */
export function reportError(error: unknown, name: string, io: CommandIO): number {
  if (error instanceof GalleyError) {
    if (error.findings.length > 0) io.stderr.write(`${formatText(error.findings)}\n`);
    io.stderr.write(`galley ${name}: ${error.message}  ${error.ruleId}\n`);
    if (error.hint) io.stderr.write(`  hint: ${error.hint}\n`);
    return error.exitCode;
  }
  const err = error as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && err.syscall) {
    io.stderr.write(`galley ${name}: ${err.message}  io-error\n  hint: check the path and its permissions\n`);
    return ExitCode.io;
  }
  io.stderr.write(`galley ${name}: internal error: ${err?.stack ?? String(error)}\n`);
  return ExitCode.io;
}
