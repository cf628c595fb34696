import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { gitFailure, type DeployGit } from './deploy-git.ts';
import type { PublishContext } from './publish-context.ts';
import { formatEvidence, parseEvidence, type ReleaseEvidence } from './release-evidence.ts';

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

/** `release/<target>`: the branch that points at the newest proven state of the target. */
export function releaseBranch(target: string): string {
  return `release/${target}`;
}

/**
 * Tag a pushed, confirmed commit known-good, its message carrying the evidence, and fast-forward
 * `release/<target>` to it in the same atomic push. Idempotent: a commit that already has a
 * release tag keeps it (and the branch is brought to it), so a run that died before tagging is
 * completed by the next one. Only a commit whose signature verifies against allowed_signers is
 * ever called known-good.
 */
export async function ensureReleaseTag(git: DeployGit, ctx: PublishContext, commit: string, evidence: ReleaseEvidence): Promise<string | undefined> {
  const existing = await releaseTagOf(git, ctx, commit);
  if (existing) {
    await advanceReleaseBranch(git, ctx, commit);
    return existing;
  }
  try {
    await git.raw(['verify-commit', commit]);
  } catch {
    return undefined;
  }
  const tag = releaseTagName(ctx.target, commit);
  await git.raw(['tag', '-s', '-m', formatEvidence(ctx.target, evidence), tag, commit]);
  const refs = [`refs/tags/${tag}`];
  if (await branchBehind(git, ctx, commit)) refs.push(`${commit}:refs/heads/${releaseBranch(ctx.target)}`);
  try {
    await pushRefs(git, ctx, refs, 'push the known-good tag to');
  } catch (error) {
    await git.raw(['tag', '-d', tag]).catch(() => '');
    throw error;
  }
  return tag;
}

/** Fast-forward `release/<target>` to an already tagged commit (a tag made before the branch existed). */
export async function advanceReleaseBranch(git: DeployGit, ctx: PublishContext, commit: string): Promise<void> {
  if (await branchBehind(git, ctx, commit)) await pushRefs(git, ctx, [`${commit}:refs/heads/${releaseBranch(ctx.target)}`], 'move the release branch of');
}

/** Whether the remote's release branch (as last fetched) does not hold `commit` yet. */
async function branchBehind(git: DeployGit, ctx: PublishContext, commit: string): Promise<boolean> {
  const tip = await releaseBranchTip(git, ctx);
  if (!tip) return true;
  return git.raw(['merge-base', '--is-ancestor', commit, tip]).then(() => false, () => true);
}

/** Push without force, all refs or none: the tag and the pointer never disagree. */
async function pushRefs(git: DeployGit, ctx: PublishContext, refs: string[], action: string): Promise<void> {
  try {
    await git.raw(['push', '-q', '--atomic', 'origin', ...refs]);
  } catch (error) {
    throw gitFailure(error, action, ctx.remote);
  }
}

/** The newest known-good tag of the target on `commit`, if any. */
export async function releaseTagOf(git: DeployGit, ctx: PublishContext, commit: string): Promise<string | undefined> {
  return (await git.raw(['tag', '--points-at', commit, '-l', `release/${ctx.target}/*`])).trim().split('\n').filter(Boolean).sort().at(-1);
}

export interface Release {
  tag: string;
  commit: string;
  tree: string;
  /** What the tag's message says was built and proven; undefined for a tag made before it did. */
  evidence: ReleaseEvidence | undefined;
}

/** Known-good tags of the target, newest first (the fetched clone holds the remote's tags). */
export async function listReleases(git: DeployGit, ctx: PublishContext): Promise<Release[]> {
  // NUL-separated records: a tag message spans lines.
  const out = await git.raw(['for-each-ref', '--sort=-refname', '--format=%(refname:strip=2) %(*objectname) %(*tree)%0a%(contents)%00', `refs/tags/release/${ctx.target}/`]);
  return out
    .split('\0')
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.trim() !== '')
    .map((record) => {
      const [head = '', ...message] = record.split('\n');
      const [tag, commit, tree] = head.split(' ');
      return { tag: tag!, commit: commit!, tree: tree!, evidence: parseEvidence(commit!, message.join('\n')) };
    });
}

/** Where `release/<target>` points at the remote (as last fetched), if it exists yet. */
export async function releaseBranchTip(git: DeployGit, ctx: PublishContext): Promise<string | undefined> {
  return (await git.raw(['rev-parse', '-q', '--verify', `refs/remotes/origin/${releaseBranch(ctx.target)}^{commit}`]).catch(() => '')).trim() || undefined;
}
