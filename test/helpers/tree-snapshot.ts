import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listFiles, MANIFEST_PATH, type ManifestFile } from '../../src/output/manifest.ts';

export interface TreeSnapshot {
  /** Every file but the manifest: path, sha256 and size, sorted by path. */
  files: ManifestFile[];
  /** The manifest's own text, or null when the tree has none. */
  manifest: string | null;
}

/** A built tree "byte for byte": two snapshots deep-equal when every path and every byte match. No tree, no files. */
export async function snapshotTree(dir: string): Promise<TreeSnapshot> {
  if (!existsSync(dir)) return { files: [], manifest: null };
  const manifestFile = path.join(dir, MANIFEST_PATH);
  return { files: await listFiles(dir), manifest: existsSync(manifestFile) ? await readFile(manifestFile, 'utf8') : null };
}
