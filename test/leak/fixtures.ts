// One generated corpus per test file: fresh keys, every rule in every view, and the traps.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { skipUnlessCi } from '../helpers/needs-tool.ts';
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

/** Why `tool` cannot run here, or undefined when it can. */
export function missingTool(tool: string, versionArgs: string[]): string | false {
  try {
    execFileSync(tool, versionArgs, { stdio: 'ignore' });
    return false;
  } catch (error) {
    return skipUnlessCi((error as NodeJS.ErrnoException).code === 'ENOENT' && `${tool} is not installed`);
  }
}

/** Why the corpus cannot be made here: ssh-keygen makes its fresh SSH keys. */
export function corpusSkipReason(): string | false {
  const missing = missingTool('ssh-keygen', ['-V']);
  return missing && `${missing} (it makes the fresh test keys)`;
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
