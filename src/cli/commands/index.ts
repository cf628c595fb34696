import type { Command } from '../command.ts';
import { buildCommand } from './build.ts';
import { checkCommand } from './check.ts';
import { devCommand } from './dev.ts';
import { docsCommand } from './docs.ts';
import { doctorCommand } from './doctor.ts';
import { importZolaCommand } from './import-zola.ts';
import { keysCommand } from './keys.ts';
import { leakScan } from './leak-scan.ts';
import { newCommand } from './new.ts';
import { diffCommand, publishCommand } from './publish.ts';
import { rollbackCommand } from './rollback.ts';
import { statusCommand } from './status.ts';
import { syncCommand } from './sync.ts';
import { verifyCommand } from './verify.ts';

// Every verb of the CLI, in the order `galley --help` lists them.
export const commands: Command[] = [
  buildCommand,
  checkCommand,
  devCommand,
  newCommand,
  publishCommand,
  diffCommand,
  rollbackCommand,
  verifyCommand,
  statusCommand,
  syncCommand,
  docsCommand,
  leakScan,
  importZolaCommand,
  keysCommand,
  doctorCommand,
];
