import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Provenance } from '../render/render-context.ts';
import { GENERATOR_VERSION } from '../version.ts';
import { listTree } from './list-tree.ts';
import { sha256 } from './manifest.ts';

const run = promisify(execFile);

async function git(root: string, args: string[], input?: string): Promise<string | undefined> {
  try {
    const child = run('git', args, { cwd: root, maxBuffer: 256 * 1024 * 1024 });
    if (input !== undefined) child.child.stdin?.end(input);
    const { stdout } = await child;
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
  const inputsHash = await hashInputs(root, inputs, sourceCommit !== null);
  let seconds = Number(env.SOURCE_DATE_EPOCH);
  if (!env.SOURCE_DATE_EPOCH || !Number.isFinite(seconds)) {
    const commitTime = sourceCommit && !sourceDirty ? await git(root, ['log', '-1', '--format=%ct', sourceCommit]) : undefined;
    seconds = commitTime ? Number(commitTime) : Math.floor(Date.now() / 1000);
  }
  return { sourceCommit, sourceDirty, inputsHash, buildTime: new Date(seconds * 1000).toISOString(), generatorVersion: GENERATOR_VERSION };
}

/**
 * sha256 over `path blob-id` lines of every input file as it is on disk (git's ignore rules apply
 * inside a repository): the same for a clean checkout of the commit, so `galley verify` can tell
 * a release built from other bytes.
 */
async function hashInputs(root: string, inputs: string[], inGit: boolean): Promise<string> {
  const listed = inGit
    ? (await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...inputs]))?.split('\0').filter(Boolean)
    : undefined;
  const candidates = listed ?? (await Promise.all(inputs.map((p) => filesUnder(root, p)))).flat();
  // A tracked file deleted from the working tree is not an input any more.
  const files = [...new Set(candidates)].filter((rel) => !rel.startsWith('.galley/') && existsSync(path.join(root, rel))).sort();
  const ids = files.length > 0 ? ((await git(root, ['hash-object', '--no-filters', '--stdin-paths'], `${files.join('\n')}\n`)) ?? '').trim().split('\n') : [];
  return sha256(files.map((rel, i) => `${rel} ${ids[i]}\n`).join(''));
}

async function filesUnder(root: string, rel: string): Promise<string[]> {
  const st = await stat(path.join(root, rel)).catch(() => undefined);
  if (!st) return [];
  if (!st.isDirectory()) return [rel];
  return (await listTree(path.join(root, rel))).map((file) => path.posix.join(rel, file));
}
