// Output trees compared byte for byte: the build bench checks that a warm build and an
// incremental one write exactly what a cold build writes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listFiles, MANIFEST_PATH, sha256 } from '../src/output/manifest.ts';

/** Path → sha256 of every file under `dir`, the manifest included. */
export async function treeDigest(dir: string): Promise<Map<string, string>> {
  const digest = new Map((await listFiles(dir)).map((f) => [f.path, f.sha256] as const));
  digest.set(MANIFEST_PATH, sha256(await readFile(path.join(dir, MANIFEST_PATH))));
  return digest;
}

/** Paths that differ between two digests (missing on one side or other bytes), sorted. */
export function treeDifferences(a: Map<string, string>, b: Map<string, string>): string[] {
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths].filter((p) => a.get(p) !== b.get(p)).sort();
}
