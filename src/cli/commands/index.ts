import type { Command } from '../command.ts';
import { leakScan } from './leak-scan.ts';

// Every verb of the CLI, in the order `galley --help` lists them.
export const commands: Command[] = [leakScan];
