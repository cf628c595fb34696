import { readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * The destination directory, in git-sync's shape: whole trees under `releases/<sha>/`, and one
 * `current` symlink that nginx's root points through. Swapping it by rename is atomic, so a reader
 * resolves either the old tree or the new one, never a mix (design §6).
 */
export interface ReleaseLayout {
  dest: string;
  releases: string;
  current: string;
  gitDir: string;
}

export function releaseLayout(dest: string): ReleaseLayout {
  const abs = path.resolve(dest);
  return {
    dest: abs,
    releases: path.join(abs, 'releases'),
    current: path.join(abs, 'current'),
    gitDir: path.join(abs, '.repo'),
  };
}

const REVISION = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** The commit `current` points at, or undefined before the first release. */
export async function servedRevision(layout: ReleaseLayout): Promise<string | undefined> {
  try {
    const target = path.basename(await readlink(layout.current));
    return REVISION.test(target) ? target : undefined;
  } catch {
    return undefined;
  }
}

export async function swapCurrent(layout: ReleaseLayout, revision: string): Promise<void> {
  // Relative target: the volume may be mounted at another path in the nginx container.
  const tmp = path.join(layout.dest, `.current-${process.pid}-${Date.now()}`);
  await symlink(path.join('releases', revision), tmp);
  try {
    await rename(tmp, layout.current);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Leftovers of a cycle that was killed: half-written trees and unrenamed links. */
export async function removeLeftovers(layout: ReleaseLayout): Promise<void> {
  for (const [dir, prefix] of [
    [layout.releases, '.staging-'],
    [layout.dest, '.current-'],
  ] as const) {
    let names: string[] = [];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) if (name.startsWith(prefix)) await rm(path.join(dir, name), { recursive: true, force: true });
  }
}
