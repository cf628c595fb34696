import type { Command } from '../command.ts';
import { buildCommand } from './build.ts';
import { checkCommand } from './check.ts';
import { leakScan } from './leak-scan.ts';
import { newCommand } from './new.ts';
import { syncCommand } from './sync.ts';

// Every verb of the CLI, in the order `galley --help` lists them.
export const commands: Command[] = [buildCommand, checkCommand, newCommand, syncCommand, leakScan];
