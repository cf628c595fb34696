import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ExitCode, GalleyError } from '../report/galley-error.ts';

/**
 * One publish (or rollback) per target at a time: an exclusive lock file holding the owner's pid.
 * A lock whose process is gone (a publish killed mid-push) is taken over, so re-running converges.
 */
export async function acquirePublishLock(file: string): Promise<() => Promise<void>> {
  await mkdir(path.dirname(file), { recursive: true });
  const owner = `${process.pid}@${os.hostname()}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, owner, { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = (await readFile(file, 'utf8').catch(() => '')).trim();
      if (isAlive(holder)) {
        throw new GalleyError(`Unexpected concurrent publish (lock held by ${holder}), expected one publish at a time`, {
          exitCode: ExitCode.io,
          ruleId: 'publish-locked',
          hint: `Wait for the other publish to finish; if no publish is running, remove ${path.basename(file)} under .galley/.`,
        });
      }
      await rm(file, { force: true });
    }
  }
  throw new GalleyError('Could not take the publish lock', { exitCode: ExitCode.io, ruleId: 'publish-locked' });
}

function isAlive(holder: string): boolean {
  const [pid, host] = holder.split('@');
  // Another machine's lock cannot be probed; treat it as held.
  if (host !== os.hostname()) return holder !== '';
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
