import type { Command } from '../command.ts';

// Every verb of the CLI, in the order `galley --help` lists them.
export const commands: Command[] = [];
