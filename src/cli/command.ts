import type { ParseArgsConfig } from 'node:util';
import type { Writable } from 'node:stream';

export interface CommandIO {
  stdout: Writable;
  stderr: Writable;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Progress output only on an interactive terminal (design §5: quiet when not a TTY). */
  interactive: boolean;
}

export interface CommandArgs<V = Record<string, string | boolean | (string | boolean)[] | undefined>> {
  values: V;
  positionals: string[];
}

/** One CLI verb: its own options, its own help text, and a run that returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  /** Usage lines after `galley <name>`, e.g. `[--drafts] [--out DIR]`. */
  usage: string;
  /** Option descriptions for `--help`, keyed like `options`. */
  describe?: Record<string, string>;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  run(args: CommandArgs, io: CommandIO): Promise<number>;
}
