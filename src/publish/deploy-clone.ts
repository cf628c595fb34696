import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { readManifest, type Manifest } from '../output/manifest.ts';
import { deployGit, gitFailure, type DeployGit } from './deploy-git.ts';
import type { PublishContext } from './publish-context.ts';

export interface DeployClone {
  git: DeployGit;
  /** The remote branch's commit, or undefined for an empty deploy repository. */
  head: string | undefined;
  /** The manifest of what is deployed now. */
  deployed: Manifest | undefined;
}

/**
 * Bring the local deploy clone to exactly the remote's state: fetch (pruning branches and tags),
 * hard-reset, clean. Whatever a killed or failed run left behind is discarded here.
 */
export async function syncDeployClone(ctx: PublishContext): Promise<DeployClone> {
  const dir = ctx.cloneDir;
  if (!existsSync(path.join(dir, '.git'))) {
    await mkdir(dir, { recursive: true });
    await deployGit(ctx, dir).raw(['init', '-q', '-b', ctx.branch]);
  }
  await removeStaleGitLocks(dir);
  const git = deployGit(ctx, dir);
  await configureClone(git, ctx);
  try {
    await git.raw(['fetch', '-q', '--prune', 'origin']);
  } catch (error) {
    throw gitFailure(error, 'fetch from', ctx.remote);
  }
  const tracking = `refs/remotes/origin/${ctx.branch}`;
  const head = (await git.raw(['rev-parse', '-q', '--verify', `${tracking}^{commit}`]).catch(() => '')).trim() || undefined;
  if (head) {
    await git.raw(['checkout', '-q', '-f', '-B', ctx.branch, tracking]);
  } else {
    // An empty remote: start the branch from nothing, dropping any local commit never pushed.
    await git.raw(['symbolic-ref', 'HEAD', `refs/heads/${ctx.branch}`]);
    await git.raw(['update-ref', '-d', `refs/heads/${ctx.branch}`]).catch(() => '');
    await git.raw(['read-tree', '--empty']);
  }
  await git.raw(['clean', '-q', '-f', '-d', '-x']);
  const deployed = head ? await readManifest(dir).catch(() => undefined) : undefined;
  return { git, head, deployed };
}

/**
 * A git killed outright (SIGKILL) leaves its `*.lock` files, and every later git in the clone would
 * refuse to run. Only called under the publish lock, after the dead run's groups were ended, so no
 * git is using them.
 */
async function removeStaleGitLocks(dir: string): Promise<void> {
  // index.lock, HEAD.lock, config.lock, packed-refs.lock … at the top, and ref locks under refs/.
  const gitDir = path.join(dir, '.git');
  const top = await readdir(gitDir, { withFileTypes: true }).catch(() => []);
  const refs = await readdir(path.join(gitDir, 'refs'), { recursive: true, withFileTypes: true }).catch(() => []);
  const locks = [...top, ...refs].filter((e) => e.isFile() && e.name.endsWith('.lock'));
  await Promise.all(locks.map((e) => rm(path.join(e.parentPath, e.name), { force: true })));
}

const BRANCHES = '+refs/heads/*:refs/remotes/origin/*';
const TAGS = '+refs/tags/*:refs/tags/*';

/** Identity, SSH signing (design §6: gpg.format=ssh) and the remote, kept in the clone's config. */
async function configureClone(git: DeployGit, ctx: PublishContext): Promise<void> {
  const settings: [string, string][] = [
    ['user.name', ctx.committer.name],
    ['user.email', ctx.committer.email],
    ['gpg.format', 'ssh'],
    ['user.signingKey', ctx.keys.signing],
    ['gpg.ssh.allowedSignersFile', ctx.keys.allowedSigners],
    ['commit.gpgSign', 'true'],
    ['tag.gpgSign', 'true'],
    ['remote.origin.url', ctx.remote],
  ];
  // Read once, write only what differs: each git call costs a process start.
  const current = await git.raw(['config', '--local', '--list']).catch(() => '');
  const have = new Set(current.split('\n'));
  for (const [key, value] of settings) {
    // `--list` prints keys lowercased, values as set.
    if (!have.has(`${key.toLowerCase()}=${value}`)) await git.raw(['config', key, value]);
  }
  // Glob refspecs, so an empty remote is not an error; --prune then also drops local tags the
  // remote does not have (a tag whose push failed).
  const fetch = current.split('\n').filter((line) => line.startsWith('remote.origin.fetch=')).map((line) => line.slice('remote.origin.fetch='.length));
  if (fetch.join(' ') !== `${BRANCHES} ${TAGS}`) {
    await git.raw(['config', '--replace-all', 'remote.origin.fetch', BRANCHES]);
    await git.raw(['config', '--add', 'remote.origin.fetch', TAGS]);
  }
}
