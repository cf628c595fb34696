import type { Command } from '../command.ts';
import { buildCommand } from './build.ts';
import { checkCommand } from './check.ts';
import { doctorCommand } from './doctor.ts';
import { keysCommand } from './keys.ts';
import { diffCommand, publishCommand } from './publish.ts';
import { rollbackCommand } from './rollback.ts';

// Every verb of the CLI, in the order `galley --help` lists them.
export const commands: Command[] = [buildCommand, checkCommand, publishCommand, diffCommand, rollbackCommand, keysCommand, doctorCommand];
