// One generated corpus per test file: fresh keys, every rule in every view, and the traps.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { tempDir } from '../helpers/temp-dir.ts';
import { writeCorpus, type Expected } from './corpus.ts';
import { makeLeaks, makeTraps, type Planted } from './values.ts';

export interface Corpus {
  /** The site-like tree to scan. */
  site: string;
  leaks: Planted[];
  traps: Planted[];
  expected: Expected[];
}

/** Why the corpus cannot be made here (a tool it needs is missing), or undefined. */
export function corpusSkipReason(): string | undefined {
  for (const [tool, args] of [['ssh-keygen', ['-V']], ['openssl', ['version']]] as const) {
    try {
      execFileSync(tool, [...args], { stdio: 'ignore' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return `${tool} is not installed (it makes the fresh test keys)`;
    }
  }
  return undefined;
}

export async function makeCorpus(): Promise<Corpus> {
  const dir = await tempDir('galley-leak-');
  const leaks = makeLeaks(dir);
  const traps = makeTraps(dir);
  const site = path.join(dir, 'site');
  return { site, leaks, traps, expected: await writeCorpus(site, leaks, traps) };
}

/** Pieces of a planted value that must never be printed (the whole value and its middle). */
export function fragments(value: string): string[] {
  if (value.length <= 24) return [value];
  const mid = Math.floor(value.length / 2);
  return [value, value.slice(mid - 8, mid + 8)];
}
