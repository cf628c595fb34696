import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DeployGit } from './deploy-git.ts';
import { listTree } from '../output/list-tree.ts';
import type { Manifest } from '../output/manifest.ts';
import { buildSite } from '../pipeline/build-site.ts';
import type { Finding } from '../report/finding.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { GENERATOR_VERSION } from '../version.ts';
import type { PublishContext } from './publish-context.ts';
import { manifestAt, readDeployRepo } from './read-deploy.ts';

const run = promisify(execFile);

export interface FileDifference {
  path: string;
  /** Undefined: the file is missing on that side. */
  deployedSize?: number;
  rebuiltSize?: number;
  /** Where the texts first differ (1-based line and column), with a few characters around it on each side. */
  line?: { number: number; column: number; deployed: string; rebuilt: string };
}

export interface VerifyResult {
  /** The deploy commit checked, and the tag it was named by. */
  revision: string;
  tag?: string;
  sourceCommit: string;
  identical: number;
  differences: FileDifference[];
  /** Why the bytes differ, when it can be told (another galley built the release). */
  reason?: string;
  /** The rebuild's gate findings, when it did not pass them. */
  findings: Finding[];
}

/**
 * The recipe, not the photograph: check out the release's source commit into a temporary
 * worktree of the project's repository, build it with the release's build time as
 * SOURCE_DATE_EPOCH, and compare every file with the deploy commit's tree, byte for byte.
 * `spec`: a known-good tag or any revision of the deploy repository; default the newest tag.
 */
export async function verifyRelease(ctx: PublishContext, spec: string | undefined): Promise<VerifyResult> {
  const view = await readDeployRepo(ctx);
  const { revision, tag } = await resolveRelease(view.git, view.releases, ctx, spec);
  const manifest = await manifestAt(view.git, revision);
  const sourceCommit = assertRebuildable(manifest, revision);
  await assertCommitPresent(ctx.root, sourceCommit);
  const temp = await mkdtemp(path.join(os.tmpdir(), 'galley-verify-'));
  const source = path.join(temp, 'source');
  const out = path.join(temp, 'site');
  try {
    await run('git', ['worktree', 'add', '-q', '--detach', source, sourceCommit], { cwd: ctx.root });
    // Dependencies are not in git: the project's own, as the release was built with them.
    if (existsSync(path.join(ctx.root, 'node_modules'))) await symlink(path.join(ctx.root, 'node_modules'), path.join(source, 'node_modules'));
    const epoch = String(Math.floor(Date.parse(manifest.buildTime) / 1000));
    const built = await buildSite({ root: source, outDir: out, env: { ...ctx.env, SOURCE_DATE_EPOCH: epoch }, cache: false });
    if (!built.ok) return { revision, tag, sourceCommit, identical: 0, differences: [], findings: built.findings, reason: 'the rebuild did not pass its gates' };
    const { identical, differences } = await compareTrees(view.dir, revision, out);
    const reason = differences.length > 0 && manifest.generator.version !== GENERATOR_VERSION
      ? `the release was built by galley ${manifest.generator.version}, this is galley ${GENERATOR_VERSION}`
      : undefined;
    return { revision, tag, sourceCommit, identical, differences, reason, findings: [] };
  } finally {
    await run('git', ['worktree', 'remove', '--force', source], { cwd: ctx.root }).catch(() => undefined);
    await rm(temp, { recursive: true, force: true });
  }
}

async function resolveRelease(git: DeployGit, releases: { tag: string; commit: string }[], ctx: PublishContext, spec: string | undefined): Promise<{ revision: string; tag?: string }> {
  if (spec === undefined) {
    const newest = releases[0];
    if (!newest) throw new GalleyError(`Unexpected deploy repository without a known-good tag of ${ctx.target}, expected one to verify`, { exitCode: ExitCode.usage, ruleId: 'verify-no-release', hint: 'Publish first, or name a deploy revision: `galley verify REV`.' });
    return { revision: newest.commit, tag: newest.tag };
  }
  const tagged = releases.find((r) => r.tag === spec);
  if (tagged) return { revision: tagged.commit, tag: tagged.tag };
  const revision = (await git.raw(['rev-parse', '-q', '--verify', `${spec}^{commit}`]).catch(() => '')).trim();
  if (!revision) throw new GalleyError(`Unexpected \`${spec}\`, expected a known-good tag or a revision of the deploy repository`, { exitCode: ExitCode.usage, ruleId: 'verify-unknown-release', hint: releases[0] ? `The newest known-good tag is ${releases[0].tag}.` : 'Nothing is tagged known-good yet.' });
  return { revision };
}

/** A release can be rebuilt only from a commit that holds all of its inputs. */
function assertRebuildable(manifest: Manifest, revision: string): string {
  const refuse = (why: string) =>
    new GalleyError(`Unexpected release ${revision.slice(0, 12)} ${why}, expected one built from a clean commit`, {
      exitCode: ExitCode.findings,
      ruleId: 'verify-not-rebuildable',
      hint: 'Publish from a clean working tree (`galley publish` without --allow-dirty); its release can then be verified.',
    });
  if (manifest.sourceCommit === null) throw refuse('built outside git (no source commit)');
  if (manifest.sourceDirty === true) throw refuse(`built from a tree with uncommitted changes on top of ${manifest.sourceCommit.slice(0, 12)} (sourceDirty)`);
  if (manifest.sourceDirty === undefined) throw refuse(`whose manifest does not say whether its tree was clean (galley ${manifest.generator.version})`);
  return manifest.sourceCommit;
}

async function assertCommitPresent(root: string, commit: string): Promise<void> {
  try {
    await run('git', ['cat-file', '-e', `${commit}^{commit}`], { cwd: root });
  } catch {
    throw new GalleyError(`Unexpected source commit ${commit.slice(0, 12)} missing from the repository at ${root}, expected the commit the release names`, {
      exitCode: ExitCode.usage,
      ruleId: 'verify-source-missing',
      hint: 'Fetch it (`git fetch`) into this checkout, or run verify in the clone it was published from.',
    });
  }
}

/** Blob ids of the deploy tree against those of the rebuilt files; the differing ones in detail. */
async function compareTrees(gitDir: string, revision: string, out: string): Promise<{ identical: number; differences: FileDifference[] }> {
  const git = (args: string[], input?: string) => {
    const child = run('git', ['--git-dir', gitDir, ...args], { encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024 });
    if (input !== undefined) child.child.stdin?.end(input);
    return child.then((r) => r.stdout);
  };
  const deployed = new Map<string, { object: string; size: number }>();
  for (const line of (await git(['ls-tree', '-r', '-l', '-z', revision])).toString('utf8').split('\0').filter(Boolean)) {
    const [meta, file] = line.split('\t') as [string, string];
    const [, , object, size] = meta.split(/\s+/) as [string, string, string, string];
    deployed.set(file, { object, size: Number(size) });
  }
  const rebuilt = await listTree(out);
  const ids = rebuilt.length > 0 ? (await git(['hash-object', '--no-filters', '--stdin-paths'], rebuilt.map((f) => path.join(out, f)).join('\n') + '\n')).toString('utf8').trim().split('\n') : [];
  let identical = 0;
  const differences: FileDifference[] = [];
  for (const [i, file] of rebuilt.entries()) {
    const there = deployed.get(file);
    deployed.delete(file);
    if (there?.object === ids[i]) {
      identical++;
      continue;
    }
    const mine = await readFile(path.join(out, file));
    if (!there) differences.push({ path: file, rebuiltSize: mine.length });
    else differences.push({ path: file, deployedSize: there.size, rebuiltSize: mine.length, line: firstDifferentLine(await git(['cat-file', 'blob', there.object]), mine) });
  }
  for (const [file, there] of deployed) differences.push({ path: file, deployedSize: there.size });
  return { identical, differences: differences.sort((a, b) => (a.path < b.path ? -1 : 1)) };
}

/** For two texts (no NUL byte, valid UTF-8), the first line that differs. */
function firstDifferentLine(deployed: Buffer, rebuilt: Buffer): FileDifference['line'] {
  const text = (b: Buffer) => (b.includes(0) ? undefined : new TextDecoder('utf-8', { fatal: true }).decode(b));
  let a: string | undefined;
  let b: string | undefined;
  try {
    a = text(deployed);
    b = text(rebuilt);
  } catch {
    return undefined;
  }
  if (a === undefined || b === undefined) return undefined;
  const left = a.split('\n');
  const right = b.split('\n');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] === right[i]) continue;
    const [l, r] = [left[i] ?? '', right[i] ?? ''];
    let column = 0;
    while (column < l.length && l[column] === r[column]) column++;
    // Pages are minified onto one line: the place, not the whole line, says what changed.
    const around = (s: string) => `${column > 30 ? '…' : ''}${s.slice(Math.max(0, column - 30), column + 50)}${s.length > column + 50 ? '…' : ''}`;
    return { number: i + 1, column: column + 1, deployed: around(l), rebuilt: around(r) };
  }
  return undefined;
}
