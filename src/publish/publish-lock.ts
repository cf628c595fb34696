import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { endStaleGroups } from './child-groups.ts';

/** The environment variable every child of a publish carries, so its groups can be told apart. */
export const RUN_MARKER = 'GALLEY_PUBLISH_RUN';

export interface PublishLock {
  /** This run's marker value (`RUN_MARKER`), for the children's environment. */
  token: string;
  /** Record a child's process group, so a run that inherits a stale lock can end it. */
  recordGroup(pgid: number): void;
  release(): Promise<void>;
}

/**
 * One publish (or rollback) per target at a time: an exclusive lock file holding the owner's pid,
 * its run marker and the process group of every child it started. A lock whose process is gone (a
 * publish killed mid-push) is taken over, after the groups it recorded are ended, so re-running
 * converges and no git or ssh of the dead run outlives the takeover.
 */
export async function acquirePublishLock(file: string): Promise<PublishLock> {
  await mkdir(path.dirname(file), { recursive: true });
  const token = randomUUID();
  const owner = `${process.pid}@${os.hostname()} ${token}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, owner, { flag: 'wx' });
      return {
        token,
        // Synchronous, so the record is on disk before the child can outlive a SIGKILL of this process.
        recordGroup: (pgid) => appendFileSync(file, `group ${pgid}\n`),
        release: () => rm(file, { force: true }),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = parseLock(await readFile(file, 'utf8').catch(() => ''));
      if (isAlive(held.holder)) {
        throw new GalleyError(`Unexpected concurrent publish (lock held by ${held.holder}), expected one publish at a time`, {
          exitCode: ExitCode.io,
          ruleId: 'publish-locked',
          hint: `Wait for the other publish to finish; if no publish is running, remove ${path.basename(file)} under .galley/.`,
        });
      }
      if (held.token) await endStaleGroups(held.groups, `${RUN_MARKER}=${held.token}`);
      await rm(file, { force: true });
    }
  }
  throw new GalleyError('Could not take the publish lock', { exitCode: ExitCode.io, ruleId: 'publish-locked' });
}

function parseLock(text: string): { holder: string; token?: string; groups: number[] } {
  const [first = '', ...rest] = text.split('\n');
  const [holder = '', token] = first.trim().split(' ');
  const groups = rest.map((line) => /^group (\d+)$/.exec(line.trim())?.[1]).filter((g): g is string => g !== undefined).map(Number);
  return { holder, token, groups };
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
