import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readManifest } from '../output/manifest.ts';
import { checkDescent } from './check-descent.ts';
import { SyncFailure } from './failure.ts';
import { ensureRepository, fetchTip, type FetchSource } from './fetch.ts';
import { materialize, type WriteFile } from './materialize.ts';
import type { SyncOptions } from './options.ts';
import { prune } from './prune.ts';
import { listTree } from './read-tree.ts';
import { releaseLayout, removeLeftovers, servedRevision, swapCurrent } from './release-layout.ts';
import { verifySignature, type SignatureResult } from './verify-signature.ts';
import { readTreeManifest } from './verify-manifest.ts';

export interface CycleOutcome {
  result: 'swapped' | 'unchanged';
  revision: string;
  previous: string | undefined;
  bytesFetched: number;
  signature?: SignatureResult;
  files?: number;
  carriedAssets?: number;
  pruned: string[];
  durationMs: number;
  /** Time from the start of the cycle to the rename of `current`. */
  swapMs?: number;
}

export type CycleOptions = Pick<
  SyncOptions,
  'repository' | 'ref' | 'dest' | 'allowedSigners' | 'sshCommand' | 'fetchTimeout' | 'maxDepth' | 'grace' | 'keep'
>;

/**
 * One sync cycle: fetch → verify signature → check descent → verify manifest → materialize →
 * swap → prune. Throws a SyncFailure (with the fetched revision) and leaves `current` untouched.
 */
export async function runCycle(options: CycleOptions, io: { write?: WriteFile } = {}): Promise<CycleOutcome> {
  const started = performance.now();
  const layout = releaseLayout(options.dest);
  const source: FetchSource = {
    gitDir: layout.gitDir,
    repo: options.repository,
    ref: options.ref,
    sshCommand: options.sshCommand,
    timeoutMs: options.fetchTimeout * 1000,
  };
  await ensureRepository(layout.gitDir);
  await removeLeftovers(layout);
  const previous = await servedRevision(layout);
  const policy = { graceMs: options.grace * 1000, keep: options.keep };
  const fetched = await fetchTip(source);
  let bytesFetched = fetched.bytes;
  const revision = fetched.commit;
  const finish = async (outcome: Omit<CycleOutcome, 'durationMs' | 'pruned' | 'bytesFetched' | 'revision' | 'previous'>): Promise<CycleOutcome> => {
    const pruned = (await prune(layout, policy)).removed;
    return { ...outcome, revision, previous, bytesFetched, pruned, durationMs: performance.now() - started };
  };
  if (revision === previous) return finish({ result: 'unchanged' });
  try {
    const signature = await verifySignature(layout.gitDir, revision, options.allowedSigners);
    if (previous) bytesFetched += await checkDescent(source, previous, revision, options.maxDepth);
    const tree = await listTree(layout.gitDir, revision);
    const manifest = await readTreeManifest(layout.gitDir, revision, tree);
    const previousDir = previous ? path.join(layout.releases, previous) : undefined;
    const release = await materialize({
      layout,
      revision,
      tree,
      manifest,
      previous: previousDir ? { dir: previousDir, manifest: await readManifest(previousDir).catch(() => ({ ...manifest, files: [] })) } : undefined,
      write: io.write,
    });
    await swapCurrent(layout, revision);
    const swapMs = performance.now() - started;
    return { ...(await finish({ result: 'swapped', signature, files: release.files, carriedAssets: release.carried })), swapMs };
  } catch (error) {
    if (error instanceof SyncFailure) {
      error.revision ??= revision;
      error.bytesFetched = bytesFetched;
    }
    throw error;
  }
}
