import type { Command } from '../command.ts';
import { syncCommand } from './sync.ts';

// Every verb of the CLI, in the order `galley --help` lists them.
export const commands: Command[] = [syncCommand];
