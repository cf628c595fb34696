import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildSite, type BuildResult } from '../../src/pipeline/build-site.ts';
import { startDev } from '../../src/dev/dev-server.ts';
import { compareFindings, type Finding } from '../../src/report/finding.ts';
import { openEvents, type ServerEvent } from '../helpers/event-client.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { snapshotTree } from '../helpers/tree-snapshot.ts';
import { applyEdits, incrementalProject, incrementalScript, type Step } from './incremental-script.ts';

// Issue 10: after every edit of a scripted series the incremental output is byte-identical to a
// cold build of the same state, and the findings match.
const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };
const ENTRIES = 16;
const DEBOUNCE_MS = 30;

async function project(): Promise<{ root: string; steps: Step[]; scratch: string }> {
  const root = path.join(await tempDir('galley-incremental-'), 'project');
  await incrementalProject(root, ENTRIES);
  return { root, steps: await incrementalScript(root), scratch: await tempDir('galley-incremental-cold-') };
}

/** A build that neither reads nor writes the cache, into a directory of its own. */
async function coldBuild(root: string, outDir: string): Promise<BuildResult> {
  const cold = await buildSite({ root, outDir, env, cache: false });
  if (!cold.ok) assert.equal(existsSync(outDir), false, 'a failed build writes no output');
  return cold;
}

const sorted = (findings: readonly Finding[]) => [...findings].sort(compareFindings);

/** The step did what its label says: checked on the cold build, so the comparison is never vacuous. */
async function assertStepShows(step: Step, cold: BuildResult): Promise<void> {
  const errors = [...new Set(cold.findings.filter((f) => f.severity === 'error').map((f) => `${f.file} ${f.ruleId}`))].sort();
  assert.equal(cold.ok, step.expect.ok, `${step.label}: ${JSON.stringify(cold.findings, null, 1)}`);
  if (step.expect.errors) assert.deepEqual(errors, [...new Set(step.expect.errors.map(([file, rule]) => `${file} ${rule}`))].sort(), step.label);
  const paths = cold.ok ? new Set((await snapshotTree(cold.outDir)).files.map((f) => f.path)) : new Set<string>();
  for (const p of step.expect.has ?? []) assert.ok(paths.has(p), `${step.label}: ${p} is built`);
  for (const p of step.expect.lacks ?? []) assert.ok(!paths.has(p), `${step.label}: ${p} is gone`);
}

test('incremental builds: after every edit, the same findings and the same bytes as a cold build', async () => {
  const { root, steps, scratch } = await project();
  const site = path.join(root, 'site');
  const script: Array<Step | undefined> = [undefined, ...steps]; // first: the build from nothing
  for (const [i, step] of script.entries()) {
    const label = step?.label ?? 'first build';
    const before = await snapshotTree(site);
    if (step) await applyEdits(root, step.edits);
    const incremental = await buildSite({ root, outDir: site, env });
    const cold = await coldBuild(root, path.join(scratch, `cold-${i}`));
    if (step) await assertStepShows(step, cold);
    assert.deepEqual(sorted(incremental.findings), sorted(cold.findings), `${label}: findings`);
    assert.equal(incremental.ok, cold.ok, `${label}: ok`);
    if (cold.ok) assert.deepEqual(await snapshotTree(site), await snapshotTree(cold.outDir), `${label}: output`);
    else assert.deepEqual(await snapshotTree(site), before, `${label}: a failed build leaves site/ as it was`);
  }
});

/** Every event of the stream, in order, read in the background. */
function recordEvents(stream: { next(): Promise<ServerEvent> }): { seen: ServerEvent[]; after(count: number): Promise<void> } {
  const seen: ServerEvent[] = [];
  let wake = () => {};
  void (async () => {
    for (;;) {
      seen.push(await stream.next().catch(() => ({ event: 'closed', data: '' })));
      wake();
      if (seen.at(-1)!.event === 'closed') return;
    }
  })();
  return {
    seen,
    async after(count) {
      while (seen.length <= count) await new Promise<void>((resolve) => (wake = resolve));
    },
  };
}

test('galley dev: after every edit, the served tree is a cold build of the same state, or the error names its findings', async (t) => {
  const { root, steps, scratch } = await project();
  const dev = await startDev({ root, port: 0, env, debounceMs: DEBOUNCE_MS });
  const stream = await openEvents(new URL('/__galley/events', dev.url).href);
  t.after(async () => {
    stream.close();
    await dev.close();
  });
  const events = recordEvents(stream);

  const first = await coldBuild(root, path.join(scratch, 'cold-first'));
  assert.ok(first.ok);
  assert.deepEqual(await snapshotTree(dev.outDir), await snapshotTree(first.outDir), 'first build');
  for (const [i, step] of steps.entries()) {
    const before = await snapshotTree(dev.outDir);
    const seen = events.seen.length;
    await applyEdits(root, step.edits);
    await events.after(seen);
    // A save can reach the watcher as more than one burst, late when a build holds the event loop:
    // wait until a quiet spell passes with no new event.
    let count: number;
    do {
      count = events.seen.length;
      await dev.idle();
      await sleep(DEBOUNCE_MS * 4);
      await dev.idle();
    } while (events.seen.length !== count);
    const last = events.seen.at(-1)!;
    const cold = await coldBuild(root, path.join(scratch, `cold-${i}`));
    await assertStepShows(step, cold);
    assert.equal(last.event, cold.ok ? 'reload' : 'error', `${step.label}: event`);
    if (cold.ok) {
      assert.deepEqual(await snapshotTree(dev.outDir), await snapshotTree(cold.outDir), `${step.label}: output`);
    } else {
      assert.deepEqual(sorted((JSON.parse(last.data) as { findings: Finding[] }).findings), sorted(cold.findings), `${step.label}: findings`);
      assert.deepEqual(await snapshotTree(dev.outDir), before, `${step.label}: the last good build is still served`);
    }
  }
});
