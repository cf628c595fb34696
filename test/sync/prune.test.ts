// Grace period: superseded releases and the previous build's hashed assets stay while a page
// loaded before a swap may still ask for them, then go; the served release is never touched.
import assert from 'node:assert/strict';
import { readdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { runCycle, type CycleOptions } from '../../src/sync/cycle.ts';
import { prune } from '../../src/sync/prune.ts';
import { releaseLayout } from '../../src/sync/release-layout.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { DeployRepo, makeKeys, siteFiles } from './fixtures.ts';

test('prunes superseded releases and carried assets only after the grace period, keeping --keep', async () => {
  const dir = await tempDir('galley-prune-');
  const keys = await makeKeys(path.join(dir, 'keys'));
  const repo = await DeployRepo.create(dir);
  const options: CycleOptions = {
    repository: repo.url, ref: 'main', dest: path.join(dir, 'srv'), allowedSigners: keys.allowedSigners,
    // The cycles themselves keep everything; the prune calls below set the policy.
    sshCommand: undefined, fetchTimeout: 30, maxDepth: 64, grace: 600, keep: 9,
  };
  const layout = releaseLayout(options.dest);
  const revisions: string[] = [];
  const minute = 60_000;
  const start = Date.now() - 60 * minute;
  for (const [i, v] of ['v1', 'v2', 'v3'].entries()) {
    revisions.push(await repo.publish(siteFiles(v), { signWith: keys.signing }));
    await runCycle(options);
    // Pretend each release became current 20 minutes after the one before.
    const at = new Date(start + i * 20 * minute);
    await utimes(path.join(layout.releases, revisions[i]!), at, at);
  }
  const [v1, v2, v3] = revisions as [string, string, string];
  const assets = () => readdir(path.join(layout.releases, v3, 'assets'));
  assert.equal((await assets()).length, 2, 'v3 carries v2 stylesheet');

  // Within the grace period of v3 becoming current (5 min later): nothing goes.
  const early = await prune(layout, { graceMs: 10 * minute, keep: 0, now: start + 45 * minute });
  assert.deepEqual(early.removed, [v1], 'v1 was replaced 40 min ago, v2 only 5 min ago');
  assert.equal(early.expiredAssets, 0);
  assert.equal((await assets()).length, 2);

  // Past it: v2 goes unless kept, and so do the carried assets; v3 stays whole.
  const kept = await prune(layout, { graceMs: 10 * minute, keep: 1, now: start + 60 * minute });
  assert.deepEqual(kept.removed, []);
  const late = await prune(layout, { graceMs: 10 * minute, keep: 0, now: start + 60 * minute });
  assert.deepEqual(late.removed, [v2]);
  assert.equal(late.expiredAssets, 0, 'already expired in the call before');
  assert.equal((await assets()).length, 1);
  assert.deepEqual(await readdir(layout.releases), [v3]);
});
