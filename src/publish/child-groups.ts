import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A publish's children (git, and through git ssh, ssh-keygen and pack-objects) each run in a
 * process group of their own, so ending the group ends the grandchildren too. A group is ended
 * when its leader exits (leftovers such as an ssh still tearing down) and on SIGINT/SIGTERM. A
 * SIGKILL of the publish cannot be caught: the lock records every group, and the next publish ends
 * them before it takes the lock over (publish-lock.ts).
 */
export interface GroupResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The signal this process received that ended the child, if that is why it stopped. */
  interrupted?: NodeJS.Signals;
}

export interface GroupOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Told each new group's id as soon as it exists (the lock records it). */
  onGroup?: (pgid: number) => void;
}

const live = new Set<number>();
let interrupted: NodeJS.Signals | undefined;

function onSignal(signal: NodeJS.Signals): void {
  interrupted = signal;
  for (const pgid of live) endGroup(pgid, 'SIGTERM');
}

function endGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

export function runInGroup(command: string, args: readonly string[], options: GroupOptions): Promise<GroupResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pgid = child.pid;
    if (pgid !== undefined) {
      // Handlers only while a child runs: between runs, a signal's default action is right.
      if (live.size === 0) {
        interrupted = undefined;
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      }
      live.add(pgid);
      options.onGroup?.(pgid);
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    let exit: [number | null, NodeJS.Signals | null] = [null, null];
    child.once('error', (error) => err.push(Buffer.from(error.message)));
    child.once('exit', (code, signal) => {
      exit = [code, signal];
      if (pgid !== undefined) endGroup(pgid, 'SIGTERM');
    });
    child.once('close', () => {
      if (pgid !== undefined) forget(pgid);
      const [code, signal] = exit;
      resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), interrupted: signal ? interrupted : undefined });
    });
  });
}

function forget(pgid: number): void {
  live.delete(pgid);
  if (live.size > 0) return;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

/**
 * End the groups a dead publish recorded: SIGTERM (git removes its lock files), then SIGKILL what
 * is left after a grace period. Where /proc exists, a group is ended only while a member still
 * carries the dead run's marker, so a group id reused by someone else is left alone.
 */
export async function endStaleGroups(pgids: readonly number[], marker: string, graceMs = 3000): Promise<void> {
  // Zombies carry no environment, so a group of exited, not yet reaped processes counts as ended.
  const ours = async (candidates: readonly number[]): Promise<number[]> => {
    const members = await groupsCarrying(marker);
    return members ? candidates.filter((pgid) => members.has(pgid)) : candidates.filter(groupExists);
  };
  let remaining = await ours(pgids);
  for (const pgid of remaining) endGroup(pgid, 'SIGTERM');
  for (let waited = 0; remaining.length > 0 && waited < graceMs; waited += 50) {
    await sleep(50);
    remaining = await ours(remaining);
  }
  for (const pgid of remaining) endGroup(pgid, 'SIGKILL');
}

function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Process groups with a member whose environment holds `marker` (KEY=value); undefined without /proc. */
async function groupsCarrying(marker: string): Promise<Set<number> | undefined> {
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const groups = new Set<number>();
  for (const pid of pids) {
    const [stat, environ] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''), readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '')]);
    // Fields after the parenthesized command name: state, ppid, pgrp, …
    const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    if (pgrp > 0 && `\0${environ}`.includes(`\0${marker}\0`)) groups.add(pgrp);
  }
  return groups;
}
