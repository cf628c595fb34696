import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DeployGit } from './deploy-git.ts';
import { MANIFEST_PATH, manifestSchema, type Manifest } from '../output/manifest.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { deployGit, gitFailure } from './deploy-git.ts';
import type { PublishContext } from './publish-context.ts';
import { listReleases, type Release } from './push-release.ts';

export interface DeployView {
  git: DeployGit;
  /** The bare mirror's directory. */
  dir: string;
  /** The deploy branch's commit at the remote, undefined while nothing is published. */
  head: string | undefined;
  /** Known-good tags of the target, newest first. */
  releases: Release[];
}

/**
 * The deploy repository as the sync sidecar sees it: fetched with the read key into a bare mirror
 * of its own (`.galley/deploy-read/`), so `verify` and `status` never need the write key and
 * never touch the clone publish works in.
 */
export async function readDeployRepo(ctx: PublishContext): Promise<DeployView> {
  const dir = path.join(ctx.root, '.galley', 'deploy-read', `${ctx.target}.git`);
  if (!existsSync(path.join(dir, 'HEAD'))) {
    await mkdir(dir, { recursive: true });
    await deployGit(ctx, dir, 'read').raw(['init', '-q', '--bare']);
  }
  const git = deployGit(ctx, dir, 'read');
  try {
    await git.raw(['fetch', '-q', '--prune', '--no-write-fetch-head', ctx.remote, '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*']);
  } catch (error) {
    throw gitFailure(error, 'fetch (read key) from', ctx.remote);
  }
  const head = (await git.raw(['rev-parse', '-q', '--verify', `refs/remotes/origin/${ctx.branch}^{commit}`]).catch(() => '')).trim() || undefined;
  return { git, dir, head, releases: await listReleases(git, ctx) };
}

/** The manifest of a deploy commit (`.galley/manifest.json` in its tree). */
export async function manifestAt(git: DeployGit, commit: string): Promise<Manifest> {
  let text: string;
  try {
    text = await git.raw(['show', `${commit}:${MANIFEST_PATH}`]);
  } catch (error) {
    throw new GalleyError(`Unexpected deploy commit ${commit.slice(0, 12)} without ${MANIFEST_PATH}, expected a tree galley published`, {
      exitCode: ExitCode.findings,
      ruleId: 'verify-no-manifest',
      cause: error,
    });
  }
  return manifestSchema.parse(JSON.parse(text));
}
