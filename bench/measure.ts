import { execFile, type ExecFileException } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** GNU time: wall, CPU (user + system, worker threads included) and peak RSS of one process. */
export const TIME = '/usr/bin/time';

export interface Measured {
  wallMs: number;
  cpuMs: number;
  peakKiB: number;
  stdout: string;
}

/**
 * Run `node ...args` as its own process under /usr/bin/time. A non-zero exit throws with the
 * exit code and the end of stderr, so a failed build never passes for a fast one.
 */
export async function measure(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measured> {
  const dir = path.join(import.meta.dirname, 'out');
  await mkdir(dir, { recursive: true });
  const report = path.join(dir, 'time.txt');
  let stdout: string;
  try {
    ({ stdout } = await run(TIME, ['-o', report, '-f', '%e %U %S %M', process.execPath, ...args], { env, maxBuffer: 1 << 26 }));
  } catch (error) {
    const e = error as ExecFileException & { stderr?: string };
    throw new Error(`\`node ${args.join(' ')}\` exited ${e.code ?? e.signal}:\n${(e.stderr ?? '').slice(-2000)}`);
  }
  // The last line: GNU time puts its own notes (a signal, a non-zero status) above the figures.
  const [wall, user, sys, peak] = (await readFile(report, 'utf8')).trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number, number, number];
  return { wallMs: wall * 1000, cpuMs: (user + sys) * 1000, peakKiB: peak, stdout };
}

/** Median wall time in ms of `runs` calls of `fn` (after one warm-up when `warmup`). */
export async function medianMs(fn: () => Promise<unknown>, runs = 3, warmup = false): Promise<number> {
  if (warmup) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The middle value (the upper one of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function ratio(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(2)}×`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Median wall and CPU ms of some runs. */
export interface Medians {
  wallMs: number;
  cpuMs: number;
}

/** `runs` cold runs of a feature off and on, alternating so that other load on the machine hits both alike. */
export async function alternating(runs: number, once: (on: boolean) => Promise<Measured>): Promise<{ on: Medians; off: Medians }> {
  const on: Measured[] = [];
  const off: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    off.push(await once(false));
    on.push(await once(true));
  }
  const medians = (m: Measured[]) => ({ wallMs: median(m.map((x) => x.wallMs)), cpuMs: median(m.map((x) => x.cpuMs)) });
  return { on: medians(on), off: medians(off) };
}
