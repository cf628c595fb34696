// Cold build of generated corpora (1,000 and 4,000 entries) with every gate, against a plain
// single-threaded unified pipeline measured in the same run. Every build is its own process run
// under /usr/bin/time (wall, CPU, peak RSS); galley runs as users run it, the esbuild bundle.
// The goal: galley ≤ 1.00× the plain pipeline at 4,000 entries.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { generateCorpus } from './corpus.ts';
import { ratio, seconds } from './measure.ts';

const run = promisify(execFile);
const here = import.meta.dirname;
const root = path.resolve(here, '..');
const outRoot = path.join(here, 'out');
const TIME = '/usr/bin/time';

interface Measured {
  wallMs: number;
  cpuMs: number;
  peakKiB: number;
}

async function measure(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measured> {
  const report = path.join(outRoot, 'time.txt');
  await run(TIME, ['-o', report, '-f', '%e %U %S %M', process.execPath, ...args], { env, maxBuffer: 1 << 26 });
  const [wall, user, sys, peak] = (await readFile(report, 'utf8')).trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number, number, number];
  return { wallMs: wall * 1000, cpuMs: (user + sys) * 1000, peakKiB: peak };
}

function row(label: string, m: Measured, base?: Measured): string {
  const vs = base ? `${ratio(m.wallMs, base.wallMs)} wall, ${ratio(m.cpuMs, base.cpuMs)} CPU` : 'baseline';
  return `  ${label.padEnd(44)} ${seconds(m.wallMs).padStart(9)} wall ${seconds(m.cpuMs).padStart(9)} CPU  peak ${Math.round(m.peakKiB / 1024)} MiB  ${vs}`;
}

export default async function buildBench(): Promise<void> {
  if (!existsSync(TIME)) {
    console.log(`skipped: ${TIME} is needed for peak memory`);
    return;
  }
  await run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bundle.ts')], { cwd: root });
  const galley = path.join(root, 'dist/galley.mjs');
  const sizes = (process.env.BENCH_SIZES ?? '1000,4000').split(',').map(Number);
  for (const n of sizes) {
    const dir = path.join(outRoot, `corpus-${n}`);
    await generateCorpus(dir, n);
    const build = (workers?: string) =>
      measure([galley, 'build', '--root', dir, '--out', path.join(dir, 'site')], { ...process.env, SOURCE_DATE_EPOCH: '1790000000', ...(workers ? { GALLEY_WORKERS: workers } : {}) });
    const plain = await measure(['--import', 'tsx', path.join(here, 'plain-pipeline.ts'), dir, path.join(dir, 'plain-out')]);
    const pooled = await build();
    const inline = await build('0');
    console.log(`${n} entries, cold, every gate (galley output verified: exit 0):`);
    console.log(row('plain unified + gfm, 1 thread, no gates', plain));
    console.log(row('galley build (worker pool by size)', pooled, plain));
    console.log(row('galley build, GALLEY_WORKERS=0', inline, plain));
    await rm(dir, { recursive: true, force: true });
  }
}
