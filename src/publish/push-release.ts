import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { gitFailure, type DeployGit } from './deploy-git.ts';
import type { PublishContext } from './publish-context.ts';

/** Push the clone's HEAD to the deploy branch (never forced), then confirm the remote ref. */
export async function pushAndConfirm(git: DeployGit, ctx: PublishContext, commit: string): Promise<void> {
  try {
    await git.raw(['push', '-q', '--no-verify', 'origin', `${commit}:refs/heads/${ctx.branch}`]);
  } catch (error) {
    const failure = gitFailure(error, 'push to', ctx.remote);
    // Report what is there now, so the author sees who moved the branch; the next run rebases.
    if (failure.ruleId === 'publish-push-rejected') {
      await git.raw(['fetch', '-q', 'origin']).catch(() => '');
      const now = (await git.raw(['log', '-1', '--format=%h %s (%an)', `origin/${ctx.branch}`]).catch(() => '')).trim();
      if (now) {
        throw new GalleyError(`${failure.message}; the remote is now at ${now}`, {
          exitCode: failure.exitCode,
          ruleId: failure.ruleId,
          hint: failure.hint,
          cause: error,
        });
      }
    }
    throw failure;
  }
  const remote = await remoteHead(git, ctx);
  if (remote !== commit) {
    throw new GalleyError(`Unexpected remote ${ctx.branch} at ${remote ?? 'nothing'} after the push, expected ${commit.slice(0, 12)}`, {
      exitCode: ExitCode.io,
      ruleId: 'publish-unconfirmed',
      hint: 'Something else changed the deploy branch; re-run `galley publish` (it never forces).',
    });
  }
}

export async function remoteHead(git: DeployGit, ctx: PublishContext): Promise<string | undefined> {
  let out: string;
  try {
    out = await git.raw(['ls-remote', 'origin', `refs/heads/${ctx.branch}`]);
  } catch (error) {
    throw gitFailure(error, 'read the branch of', ctx.remote);
  }
  return out.split(/\s/)[0] || undefined;
}

/** `release/<target>/<UTC yyyymmddThhmmssZ>-<shortrev>` (design §6). */
export function releaseTagName(target: string, commit: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `release/${target}/${stamp}-${commit.slice(0, 7)}`;
}

/**
 * Tag a pushed, confirmed commit known-good and push the tag. Idempotent: a commit that already has
 * a release tag keeps it, so a run that died before tagging is completed by the next one. Only a
 * commit whose signature verifies against allowed_signers is ever called known-good.
 */
export async function ensureReleaseTag(git: DeployGit, ctx: PublishContext, commit: string): Promise<string | undefined> {
  const existing = await releaseTagOf(git, ctx, commit);
  if (existing) return existing;
  try {
    await git.raw(['verify-commit', commit]);
  } catch {
    return undefined;
  }
  const tag = releaseTagName(ctx.target, commit);
  await git.raw(['tag', '-s', '-m', `Known-good ${ctx.target} release ${commit.slice(0, 12)}`, tag, commit]);
  try {
    await git.raw(['push', '-q', 'origin', `refs/tags/${tag}`]);
  } catch (error) {
    await git.raw(['tag', '-d', tag]).catch(() => '');
    throw gitFailure(error, 'push the known-good tag to', ctx.remote);
  }
  return tag;
}

/** The newest known-good tag of the target on `commit`, if any. */
export async function releaseTagOf(git: DeployGit, ctx: PublishContext, commit: string): Promise<string | undefined> {
  return (await git.raw(['tag', '--points-at', commit, '-l', `release/${ctx.target}/*`])).trim().split('\n').filter(Boolean).sort().at(-1);
}

export interface Release {
  tag: string;
  commit: string;
  tree: string;
}

/** Known-good tags of the target, newest first (the fetched clone holds the remote's tags). */
export async function listReleases(git: DeployGit, ctx: PublishContext): Promise<Release[]> {
  const out = await git.raw(['for-each-ref', '--sort=-refname', '--format=%(refname:strip=2) %(*objectname) %(*tree)', `refs/tags/release/${ctx.target}/`]);
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [tag, commit, tree] = line.split(' ');
      return { tag: tag!, commit: commit!, tree: tree! };
    });
}
