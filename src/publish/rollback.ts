import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { syncDeployClone } from './deploy-clone.ts';
import type { PublishContext } from './publish-context.ts';
import { acquirePublishLock } from './publish-lock.ts';
import { readManifest } from '../output/manifest.ts';
import { assertKeysUsable, releaseEvidence, type PublishOptions } from './publish-site.ts';
import { ensureReleaseTag, listReleases, pushAndConfirm } from './push-release.ts';

export interface RollbackResult {
  status: 'rolled-back' | 'unchanged';
  commit: string;
  tag?: string;
}

/**
 * Roll back by going forward (design §6): a new signed commit on top of the deploy branch whose
 * tree is the known-good tag's tree, pushed like any publish. History is never rewritten, so
 * the sync sidecar's "descends from what is served" check keeps holding. The new commit is tagged
 * known-good only once `confirm` saw it served.
 */
export async function rollbackTo(unlocked: PublishContext, tag: string, confirm?: PublishOptions['confirm']): Promise<RollbackResult> {
  await assertKeysUsable(unlocked);
  const lock = await acquirePublishLock(unlocked.lockFile);
  const ctx = { ...unlocked, lock };
  try {
    const { git, head } = await syncDeployClone(ctx);
    const releases = await listReleases(git, ctx);
    const target = releases.find((r) => r.tag === tag);
    if (!target || !head) {
      throw new GalleyError(`Unexpected tag \`${tag}\`, expected a known-good tag of target ${ctx.target}`, {
        exitCode: ExitCode.usage,
        ruleId: 'publish-rollback-unknown-tag',
        hint: releases.length > 0 ? `Run \`galley rollback\` to list them; the newest is ${releases[0]!.tag}.` : 'Nothing was published to this target yet.',
      });
    }
    const headTree = (await git.raw(['rev-parse', `${head}^{tree}`])).trim();
    if (headTree === target.tree) return { status: 'unchanged', commit: head };
    const message = `Roll back to ${tag}\n\nTree of ${target.commit} (known-good ${tag}).\n`;
    const commit = (await git.raw(['commit-tree', '-S', target.tree, '-p', head, '-m', message])).trim();
    await git.raw(['reset', '-q', '--hard', commit]);
    await pushAndConfirm(git, ctx, commit);
    if (!confirm) return { status: 'rolled-back', commit };
    const manifest = await readManifest(ctx.cloneDir);
    const evidence = releaseEvidence(commit, manifest, await confirm(commit, manifest));
    return { status: 'rolled-back', commit, tag: await ensureReleaseTag(git, ctx, commit, evidence) };
  } finally {
    await lock.release();
  }
}
