import { MANIFEST_PATH, manifestSchema, sha256, type Manifest, type ManifestFile } from '../output/manifest.ts';
import { SyncFailure } from './failure.ts';
import { readBlobs, type TreeBlob } from './read-tree.ts';

/** Read and validate `.galley/manifest.json` from the fetched tree. */
export async function readTreeManifest(gitDir: string, commit: string, tree: TreeBlob[]): Promise<Manifest> {
  const blob = tree.find((b) => b.path === MANIFEST_PATH);
  const invalid = (what: string, hint: string): SyncFailure =>
    new SyncFailure('manifest-invalid', `Unexpected ${what} in ${commit.slice(0, 12)}, expected a valid ${MANIFEST_PATH}`, { revision: commit, hint });
  if (!blob) throw invalid('tree without a manifest', 'publish the output of `galley build`, which writes the manifest');
  const [bytes] = await readBlobs(gitDir, [blob.object]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes!.toString('utf8'));
  } catch {
    throw invalid('manifest that is not JSON', 'rebuild and publish again');
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalid(`manifest shape (${issue?.path.join('.') || 'root'}: ${issue?.message})`, 'rebuild with a galley that writes manifestVersion 1');
  }
  return result.data;
}

/**
 * The tree and the manifest must list the same files with the same sizes; every finding is
 * collected so one report names them all. Hashes are checked as the bytes are read.
 */
export function compareTreeToManifest(tree: TreeBlob[], manifest: Manifest): string[] {
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const findings: string[] = [];
  for (const blob of tree) {
    if (blob.path === MANIFEST_PATH) continue;
    const entry = listed.get(blob.path);
    if (!entry) findings.push(`Unexpected file \`${blob.path}\` not in the manifest`);
    else if (entry.size !== blob.size) findings.push(`Unexpected size ${blob.size} of \`${blob.path}\`, expected ${entry.size}`);
    listed.delete(blob.path);
  }
  for (const missing of listed.keys()) findings.push(`Unexpected missing file \`${missing}\`, expected by the manifest`);
  return findings;
}

export function checkBytes(entry: ManifestFile, bytes: Uint8Array): string | undefined {
  const actual = sha256(bytes);
  if (actual === entry.sha256) return undefined;
  return `Unexpected sha256 ${actual.slice(0, 12)}… of \`${entry.path}\`, expected ${entry.sha256.slice(0, 12)}…`;
}

export function manifestMismatch(commit: string, findings: string[]): SyncFailure {
  return new SyncFailure(
    'manifest-mismatch',
    `Unexpected ${findings.length} file(s) not matching the manifest in ${commit.slice(0, 12)}: ${findings.slice(0, 3).join('; ')}`,
    { revision: commit, details: findings, hint: 'the deploy commit was altered after the build; publish a fresh build' },
  );
}
