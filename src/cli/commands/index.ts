import type { Command } from '../command.ts';
import { buildCommand } from './build.ts';
import { checkCommand } from './check.ts';
import { docsCommand } from './docs.ts';

// Every verb of the CLI, in the order `galley --help` lists them.
export const commands: Command[] = [buildCommand, checkCommand, docsCommand];
