import type { Command } from '../command.ts';
import { buildCommand } from './build.ts';
import { checkCommand } from './check.ts';
import { importZolaCommand } from './import-zola.ts';

// Every verb of the CLI, in the order `galley --help` lists them.
export const commands: Command[] = [buildCommand, checkCommand, importZolaCommand];
