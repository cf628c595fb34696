import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Provenance } from '../render/render-context.ts';
import { GENERATOR_VERSION } from '../version.ts';

const run = promisify(execFile);

async function git(root: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', args, { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch {
    return undefined;
  }
}

/**
 * Where the output came from (design §4). `inputs`: the paths the build reads, relative to `root`
 * (the config's paths and the config file). The tree is dirty when any of them has uncommitted or
 * untracked changes, or when `root` is not in git at all: no commit then holds what was built.
 * Build time: SOURCE_DATE_EPOCH when set (reproducible builds); else the commit's time on a clean
 * tree, and now on a dirty one, so the date never claims an older tree than the one built.
 */
export async function readProvenance(root: string, env: NodeJS.ProcessEnv = process.env, inputs: string[] = ['.']): Promise<Provenance> {
  const sourceCommit = (await git(root, ['rev-parse', 'HEAD']))?.trim() || null;
  const status = sourceCommit ? await git(root, ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...inputs]) : undefined;
  const sourceDirty = status === undefined || status !== '';
  let seconds = Number(env.SOURCE_DATE_EPOCH);
  if (!env.SOURCE_DATE_EPOCH || !Number.isFinite(seconds)) {
    const commitTime = sourceCommit && !sourceDirty ? await git(root, ['log', '-1', '--format=%ct', sourceCommit]) : undefined;
    seconds = commitTime ? Number(commitTime) : Math.floor(Date.now() / 1000);
  }
  return { sourceCommit, sourceDirty, buildTime: new Date(seconds * 1000).toISOString(), generatorVersion: GENERATOR_VERSION };
}
