import type { Provenance } from '../render/render-context.ts';
import { listFiles, MANIFEST_PATH, serializeManifest, type Manifest } from './manifest.ts';
import { writeOutput } from './staging.ts';

/** Hash the finished tree and write `.galley/manifest.json` into it (design §4). */
export async function writeManifest(dir: string, provenance: Provenance, inputsHash?: string): Promise<Manifest> {
  const manifest: Manifest = {
    manifestVersion: 1,
    generator: { name: 'galley', version: provenance.generatorVersion },
    sourceCommit: provenance.sourceCommit,
    sourceDirty: provenance.sourceDirty,
    inputsHash,
    buildTime: provenance.buildTime,
    files: await listFiles(dir),
  };
  await writeOutput(dir, MANIFEST_PATH, serializeManifest(manifest));
  return manifest;
}
