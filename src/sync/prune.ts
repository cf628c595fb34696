import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { readManifest } from '../output/manifest.ts';
import { isHashedAsset } from './hashed-assets.ts';
import { servedRevision, type ReleaseLayout } from './release-layout.ts';

export interface PrunePolicy {
  graceMs: number;
  /** Superseded releases kept regardless of age. */
  keep: number;
  now?: number;
}

/**
 * Remove superseded releases once the grace period since they were replaced has passed (a page
 * loaded from one may still ask for its files), and the previous build's hashed assets carried in
 * the current release once it has been current for the grace period.
 */
export async function prune(layout: ReleaseLayout, policy: PrunePolicy): Promise<{ removed: string[]; expiredAssets: number }> {
  const now = policy.now ?? Date.now();
  const served = await servedRevision(layout);
  const releases = await listReleases(layout);
  const removed: string[] = [];
  const superseded = releases.filter((r) => r.name !== served).sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const [index, release] of superseded.entries()) {
    if (index < policy.keep) continue;
    // It was replaced when the next newer release was made current.
    const replacedAt = releases.find((r) => r.mtimeMs > release.mtimeMs)?.mtimeMs ?? now;
    if (now - replacedAt <= policy.graceMs) continue;
    await rm(path.join(layout.releases, release.name), { recursive: true, force: true });
    removed.push(release.name);
  }
  const current = releases.find((r) => r.name === served);
  let expiredAssets = 0;
  if (current && now - current.mtimeMs > policy.graceMs) expiredAssets = await expireCarriedAssets(path.join(layout.releases, current.name));
  return { removed, expiredAssets };
}

async function listReleases(layout: ReleaseLayout): Promise<{ name: string; mtimeMs: number }[]> {
  let names: string[];
  try {
    names = await readdir(layout.releases);
  } catch {
    return [];
  }
  const releases = [];
  for (const name of names) {
    if (!/^[0-9a-f]{40,64}$/.test(name)) continue;
    releases.push({ name, mtimeMs: (await stat(path.join(layout.releases, name))).mtimeMs });
  }
  return releases.sort((a, b) => a.mtimeMs - b.mtimeMs);
}

/** Hashed assets in the release that its own manifest does not list were carried from the previous one. */
async function expireCarriedAssets(dir: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(path.join(dir, 'assets'), { recursive: true, withFileTypes: true });
  } catch {
    return 0;
  }
  const own = new Set((await readManifest(dir)).files.map((f) => f.path));
  let count = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const rel = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (!isHashedAsset(rel) || own.has(rel)) continue;
    await rm(path.join(dir, rel), { force: true });
    count++;
  }
  return count;
}
