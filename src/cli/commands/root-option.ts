import path from 'node:path';
import type { CommandArgs, CommandIO } from '../command.ts';

/** `--root DIR` of the publish verbs: the project root, relative to the working directory. */
export const rootOption = { root: { type: 'string' } } as const;
export const rootDescription = { root: 'project root (default: the current directory)' };

export function rootOf(values: CommandArgs['values'], io: CommandIO): string {
  return path.resolve(io.cwd, (values.root as string | undefined) ?? '.');
}
