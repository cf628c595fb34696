import type { Command } from '../command.ts';
import { importZolaCommand } from './import-zola.ts';

// Every verb of the CLI, in the order `galley --help` lists them.
export const commands: Command[] = [importZolaCommand];
