import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest } from '../output/manifest.ts';
import { SyncFailure } from './failure.ts';
import { isHashedAsset } from './hashed-assets.ts';
import { readBlobs, type TreeBlob } from './read-tree.ts';
import type { ReleaseLayout } from './release-layout.ts';
import { checkBytes, compareTreeToManifest, manifestMismatch } from './verify-manifest.ts';

export type WriteFile = (file: string, bytes: Uint8Array) => Promise<void>;

export interface MaterializeInput {
  layout: ReleaseLayout;
  revision: string;
  tree: TreeBlob[];
  manifest: Manifest;
  /** The release being served, whose hashed assets the new one carries for the grace period. */
  previous: { dir: string; manifest: Manifest } | undefined;
  /** Replaceable so tests can inject a failing disk where no small filesystem can be mounted. */
  write?: WriteFile;
}

// Bounds memory: blobs are read from git this many at a time.
const BATCH = 256;
// Enough to keep libuv's file system threads busy; sequential writes took ~4 s for 1,000 files.
const WRITERS = 16;

/** Run `work` over items, WRITERS at a time; on a failure, stop starting more, let the running finish, rethrow. */
async function inParallel<T>(items: T[], work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      await work(items[index]!, index).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(WRITERS, items.length) }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/**
 * Write the whole tree into a staging directory, checking each file's bytes against the manifest
 * before writing it, then rename it to `releases/<sha>`. Any failure removes the staging tree, so
 * a release directory exists only complete.
 */
export async function materialize(input: MaterializeInput): Promise<{ dir: string; files: number; bytes: number; carried: number }> {
  const { layout, revision, tree, manifest } = input;
  const write = input.write ?? ((file, bytes) => writeFile(file, bytes));
  const findings = compareTreeToManifest(tree, manifest);
  if (findings.length > 0) throw manifestMismatch(revision, findings);
  const entries = new Map(manifest.files.map((f) => [f.path, f]));
  const staging = path.join(layout.releases, `.staging-${revision}-${randomBytes(4).toString('hex')}`);
  const dir = path.join(layout.releases, revision);
  let bytes = 0;
  let carried = 0;
  try {
    await mkdir(staging, { recursive: true });
    const made = new Set<string>();
    for (let i = 0; i < tree.length; i += BATCH) {
      const batch = tree.slice(i, i + BATCH);
      const contents = await readBlobs(layout.gitDir, batch.map((b) => b.object));
      for (const [j, blob] of batch.entries()) {
        const entry = entries.get(blob.path);
        const mismatch = entry ? checkBytes(entry, contents[j]!) : undefined;
        if (mismatch) findings.push(mismatch); // keep hashing to report every mismatch
      }
      if (findings.length > 0) continue;
      const files = batch.map((blob) => path.join(staging, blob.path));
      const parents = [...new Set(files.map((file) => path.dirname(file)))].filter((dir) => !made.has(dir));
      await inParallel(parents, (dir) => mkdir(dir, { recursive: true }));
      for (const dir of parents) made.add(dir);
      await inParallel(files, (file, j) => write(file, contents[j]!));
      bytes += contents.reduce((sum, data) => sum + data.length, 0);
    }
    if (findings.length > 0) throw manifestMismatch(revision, findings);
    if (input.previous) carried = await carryHashedAssets(input.previous, staging, entries);
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
    const now = new Date();
    await utimes(dir, now, now); // its mtime marks when it became current (see prune.ts)
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw asWriteFailure(error, revision);
  }
  return { dir, files: tree.length, bytes, carried };
}

/** Hard-link (or copy) the previous build's hashed assets the new build no longer has. */
async function carryHashedAssets(
  previous: { dir: string; manifest: Manifest },
  staging: string,
  entries: Map<string, unknown>,
): Promise<number> {
  let count = 0;
  for (const file of previous.manifest.files) {
    if (!isHashedAsset(file.path) || entries.has(file.path)) continue;
    const from = path.join(previous.dir, file.path);
    const to = path.join(staging, file.path);
    await mkdir(path.dirname(to), { recursive: true });
    const done = await link(from, to).then(
      () => true,
      () => copyFile(from, to).then(() => true, () => false), // other filesystem; or already pruned
    );
    if (done) count++;
  }
  return count;
}

function asWriteFailure(error: unknown, revision: string): unknown {
  if (error instanceof SyncFailure) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new SyncFailure('disk-full', `Unexpected full disk while writing release ${revision.slice(0, 12)}, expected room for it`, {
      revision,
      cause: error,
      hint: 'free space on the shared volume or lower --keep/--grace; the last good release is still served',
    });
  }
  return new SyncFailure('write-failed', `Unexpected write failure for release ${revision.slice(0, 12)}: ${(error as Error).message}`, {
    revision,
    cause: error,
    hint: 'check the destination volume is writable by the sidecar',
  });
}
