import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Provenance } from '../render/render-context.ts';
import { GENERATOR_VERSION } from '../version.ts';

const run = promisify(execFile);

async function git(root: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', args, { cwd: root });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Source commit (`git rev-parse HEAD` of the root, null outside git) and build time: from
 * SOURCE_DATE_EPOCH (reproducible builds), else the commit's time, else now.
 */
export async function readProvenance(root: string, env: NodeJS.ProcessEnv = process.env): Promise<Provenance> {
  const sourceCommit = (await git(root, ['rev-parse', 'HEAD'])) ?? null;
  let seconds = Number(env.SOURCE_DATE_EPOCH);
  if (!env.SOURCE_DATE_EPOCH || !Number.isFinite(seconds)) {
    const commitTime = sourceCommit ? await git(root, ['log', '-1', '--format=%ct', sourceCommit]) : undefined;
    seconds = commitTime ? Number(commitTime) : Math.floor(Date.now() / 1000);
  }
  return { sourceCommit, buildTime: new Date(seconds * 1000).toISOString(), generatorVersion: GENERATOR_VERSION };
}
