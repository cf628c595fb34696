import type { DeployGit } from './deploy-git.ts';
import { readManifest, type Manifest } from '../output/manifest.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { syncDeployClone } from './deploy-clone.ts';
import { gitFailure } from './deploy-git.ts';
import { checkKeys } from './keys/check-keys.ts';
import { diffManifests, isEmptyDiff, type ManifestDiff } from './manifest-diff.ts';
import type { PublishContext } from './publish-context.ts';
import { acquirePublishLock } from './publish-lock.ts';
import { advanceReleaseBranch, ensureReleaseTag, pushAndConfirm, releaseTagOf } from './push-release.ts';
import type { ReleaseEvidence, ServedEvidence } from './release-evidence.ts';
import { signingFailure } from './request-sync.ts';
import { stageSite, type CopyFile } from './stage-site.ts';

export interface PublishOptions {
  ctx: PublishContext;
  /** An already built site: its files plus `.galley/manifest.json`. */
  siteDir: string;
  /** Stop after the diff. */
  dryRun?: boolean;
  /** Progress lines (the CLI prints them on a TTY). */
  progress?: (line: string) => void;
  copyFile?: CopyFile;
  /** Publish a build whose inputs had uncommitted changes (`--allow-dirty`; `npm start`). */
  allowDirty?: boolean;
  /**
   * Proves the pushed commit is what readers get (served-proof.ts) and says what it saw; it throws
   * when it is not. Without it nothing is tagged known-good (`--no-confirm`).
   */
  confirm?: (commit: string, manifest: Manifest) => Promise<ServedEvidence>;
}

export interface PublishResult {
  status: 'published' | 'unchanged' | 'dry-run';
  diff: ManifestDiff;
  /** The deploy commit now at the remote (the new one, or the unchanged head). */
  commit?: string;
  /** The known-good tag of `commit`: only once it was seen served (or it already had one). */
  tag?: string;
}

/**
 * Publish a built site (design §6): refuse a dirty source → check keys → fetch the deploy
 * repository → diff manifests → stage → signed commit → push with the write key → confirm the
 * remote ref → prove it served → known-good tag. Everything happens in the local deploy clone,
 * which is reset to the remote on every run.
 */
export async function publishSite(options: PublishOptions): Promise<PublishResult> {
  const progress = options.progress ?? (() => {});
  const manifest = await readBuiltManifest(options.siteDir);
  if (!options.allowDirty) assertCleanSource(manifest);
  await assertKeysUsable(options.ctx);
  const lock = await acquirePublishLock(options.ctx.lockFile);
  const ctx = { ...options.ctx, lock };
  try {
    progress(`fetching ${ctx.remote}`);
    const clone = await syncDeployClone(ctx);
    const diff = diffManifests(clone.deployed, manifest);
    if (options.dryRun) return { status: 'dry-run', diff, commit: clone.head };
    if (isEmptyDiff(diff) && clone.head) {
      const tag = await tagServed(clone.git, ctx, clone.head, manifest, options.confirm);
      return { status: 'unchanged', diff, commit: clone.head, tag };
    }
    progress('staging');
    try {
      // A deploy repository not written by galley (no manifest): replace its whole tree.
      if (!clone.deployed && clone.head) await clone.git.raw(['rm', '-r', '-q', '--ignore-unmatch', '.']);
      await stageSite({ siteDir: options.siteDir, workTree: ctx.cloneDir, diff, copyFile: options.copyFile });
    } catch (error) {
      // Leave the clone as the remote has it, so a failed stage never lingers into the next run.
      await clone.git.raw(['reset', '-q', '--hard']).catch(() => '');
      await clone.git.raw(['clean', '-q', '-f', '-d', '-x']).catch(() => '');
      throw error;
    }
    const git = clone.git;
    await git.raw(['add', '-A']);
    progress('committing (signed)');
    try {
      await git.raw(['commit', '-q', '-S', '-m', commitMessage(manifest, diff)]);
    } catch (error) {
      throw signingFailure('the deploy commit', error);
    }
    const commit = (await git.raw(['rev-parse', 'HEAD'])).trim();
    progress(`pushing ${commit.slice(0, 12)}`);
    await pushAndConfirm(git, ctx, commit);
    const tag = await tagServed(git, ctx, commit, manifest, options.confirm);
    return { status: 'published', diff, commit, tag };
  } finally {
    await lock.release();
  }
}

/** The existing known-good tag, else a new one once `confirm` saw the commit served; none without it. */
async function tagServed(git: DeployGit, ctx: PublishContext, commit: string, manifest: Manifest, confirm: PublishOptions['confirm']): Promise<string | undefined> {
  const existing = await releaseTagOf(git, ctx, commit);
  if (existing) await advanceReleaseBranch(git, ctx, commit);
  if (existing || !confirm) return existing;
  return ensureReleaseTag(git, ctx, commit, releaseEvidence(commit, manifest, await confirm(commit, manifest)));
}

/** The tag's evidence: what was built (the manifest) and how it was proven served (now). */
export function releaseEvidence(commit: string, manifest: Manifest, served: ServedEvidence): ReleaseEvidence {
  return {
    release: commit,
    sourceCommit: manifest.sourceCommit,
    sourceDirty: manifest.sourceDirty ?? null,
    generator: manifest.generator.version,
    ...served,
    provenAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** A build whose inputs differ from its commit cannot be rebuilt from it (`galley verify`): exit 2. */
function assertCleanSource(manifest: Manifest): void {
  if (manifest.sourceDirty === false) return;
  const why = manifest.sourceCommit ? `uncommitted or untracked changes on top of ${manifest.sourceCommit.slice(0, 12)}` : 'no git commit';
  throw new GalleyError(`Unexpected build from a source tree with ${why}, expected a clean working tree`, {
    exitCode: ExitCode.usage,
    ruleId: 'publish-dirty-source',
    hint: 'Commit (or stash) the changes to content, templates, public, vendor and site.config.ts, then publish; `--allow-dirty` publishes anyway (the footer and the manifest say so, and `galley verify` refuses such a release).',
  });
}

/** Refuse to publish with missing, loose, reused or unpinned keys (exit 2, every finding listed). */
export async function assertKeysUsable(ctx: PublishContext): Promise<void> {
  const check = await checkKeys(ctx.root, ctx.keys, ctx.remote);
  if (check.findings.length > 0) {
    throw new GalleyError('Unexpected key setup, expected three distinct private keys and a pinned host key', {
      exitCode: ExitCode.usage,
      ruleId: 'publish-keys',
      findings: check.findings,
      hint: '`galley doctor` explains each; `galley keys init` creates local development keys.',
    });
  }
}

async function readBuiltManifest(siteDir: string): Promise<Manifest> {
  try {
    return await readManifest(siteDir);
  } catch (error) {
    throw new GalleyError('Unexpected site without a valid .galley/manifest.json, expected a built site', {
      exitCode: ExitCode.usage,
      ruleId: 'publish-no-manifest',
      hint: 'Run `galley build` first (`galley publish` builds when it can).',
      cause: error,
    });
  }
}

function commitMessage(manifest: Manifest, diff: ManifestDiff): string {
  const source = manifest.sourceCommit ?? 'unknown (built outside git)';
  return [
    `Publish ${manifest.sourceCommit?.slice(0, 12) ?? 'unversioned source'}`,
    '',
    `Source-Commit: ${source}`,
    `Generator: galley ${manifest.generator.version}`,
    `Source-Dirty: ${manifest.sourceDirty ?? 'unknown'}`,
    `Inputs-Hash: ${manifest.inputsHash ?? 'unknown'}`,
    `Build-Time: ${manifest.buildTime}`,
    `Files: +${diff.added.length} ~${diff.changed.length} -${diff.removed.length}`,
    '',
  ].join('\n');
}

