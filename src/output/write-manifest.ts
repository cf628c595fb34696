import type { Provenance } from '../render/render-context.ts';
import { listFiles, MANIFEST_PATH, serializeManifest, type Manifest, type ManifestFile } from './manifest.ts';
import { writeOutput } from './staging.ts';

/** Hash the finished tree and write `.galley/manifest.json` into it (design §4). */
export async function writeManifest(dir: string, provenance: Provenance, inputsHash?: string): Promise<Manifest> {
  const manifest = manifestOf(provenance, await listFiles(dir), inputsHash);
  await writeOutput(dir, MANIFEST_PATH, serializeManifest(manifest));
  return manifest;
}

/** The manifest of `files` (sorted by path, as `listFiles` gives them) built with `provenance`. */
export function manifestOf(provenance: Provenance, files: ManifestFile[], inputsHash?: string): Manifest {
  return {
    manifestVersion: 1,
    generator: { name: 'galley', version: provenance.generatorVersion },
    sourceCommit: provenance.sourceCommit,
    sourceDirty: provenance.sourceDirty,
    inputsHash,
    buildTime: provenance.buildTime,
    files,
  };
}
