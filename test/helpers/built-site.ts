import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { listFiles, MANIFEST_PATH, serializeManifest, type Manifest } from '../../src/output/manifest.ts';
import { GENERATOR_VERSION } from '../../src/version.ts';

/**
 * Write `files` as a built site at `dir` (replacing what was there) with its
 * `.galley/manifest.json`, the way the build leaves `site/`: what publish and sync consume.
 */
export async function writeBuiltSite(
  dir: string,
  files: Record<string, string | Uint8Array>,
  sourceCommit: string | null = null,
  sourceDirty = false,
): Promise<Manifest> {
  await rm(dir, { recursive: true, force: true });
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  await mkdir(path.join(dir, path.dirname(MANIFEST_PATH)), { recursive: true });
  const manifest: Manifest = {
    manifestVersion: 1,
    generator: { name: 'galley', version: GENERATOR_VERSION },
    sourceCommit,
    sourceDirty,
    buildTime: new Date().toISOString(),
    files: await listFiles(dir),
  };
  await writeFile(path.join(dir, MANIFEST_PATH), serializeManifest(manifest));
  return manifest;
}
