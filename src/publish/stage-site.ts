import { copyFile as fsCopyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_PATH } from '../output/manifest.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import type { ManifestDiff } from './manifest-diff.ts';

export type CopyFile = (from: string, to: string) => Promise<void>;

export interface StageOptions {
  siteDir: string;
  workTree: string;
  diff: ManifestDiff;
  /** Replaceable so a test can make the disk "fill up" mid-staging. */
  copyFile?: CopyFile;
}

/**
 * Apply the diff to the deploy clone's work tree (which equals the deployed commit): copy added
 * and changed files, delete removed ones, then the new manifest. Only what changed is touched.
 */
export async function stageSite(options: StageOptions): Promise<void> {
  const copy = options.copyFile ?? ((from, to) => fsCopyFile(from, to));
  const { diff, siteDir, workTree } = options;
  try {
    for (const file of diff.removed) await rm(inside(workTree, file.path), { force: true });
    for (const file of [...diff.added, ...diff.changed]) {
      const to = inside(workTree, file.path);
      await mkdir(path.dirname(to), { recursive: true });
      await copy(inside(siteDir, file.path), to);
    }
    await mkdir(path.dirname(inside(workTree, MANIFEST_PATH)), { recursive: true });
    await copy(inside(siteDir, MANIFEST_PATH), inside(workTree, MANIFEST_PATH));
  } catch (error) {
    if (error instanceof GalleyError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new GalleyError(`Could not stage the site into the deploy clone (${code ?? (error as Error).message})`, {
      exitCode: ExitCode.io,
      ruleId: 'publish-stage-failed',
      hint:
        code === 'ENOSPC'
          ? 'The disk is full: free space and re-run; nothing was committed or pushed, and the clone is reset on the next run.'
          : 'Nothing was committed or pushed; fix the cause and re-run (the clone is reset on the next run).',
      cause: error,
    });
  }
}

/** A manifest path as a file under `dir`; a path that escapes it (or into .git) is refused. */
function inside(dir: string, rel: string): string {
  const parts = rel.split('/');
  if (path.isAbsolute(rel) || parts.includes('..') || parts[0] === '.git' || parts.includes('')) {
    throw new GalleyError(`Unexpected path \`${rel}\` in the site manifest, expected a relative path inside the site`, {
      exitCode: ExitCode.usage,
      ruleId: 'publish-manifest-path',
      hint: 'Rebuild the site; the manifest must list files under site/ only.',
    });
  }
  return path.join(dir, ...parts);
}
