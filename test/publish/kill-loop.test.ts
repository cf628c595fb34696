// `galley publish` killed with SIGKILL at random moments: none of its children (git, ssh, ssh-keygen)
// may outlive the next publish, which takes the stale lock over. Each killed run carries a variable
// of the test's own in its environment, inherited by every descendant, so the check below finds
// them wherever they went (orphans are re-parented, groups may differ) without trusting the code.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { publishSite } from '../../src/publish/publish-site.ts';
import { writeBuiltSite } from '../helpers/built-site.ts';
import { git, publishProject, type PublishProject } from './publish-fixture.ts';

const ITERATIONS = 12;
const TAG = 'GALLEY_TEST_KILLED_RUN';

/** Live (not zombie) processes whose environment holds `TAG=value`, as "pid comm". */
async function carriers(value: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const [stat, environ] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''), readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '')]);
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state !== 'Z' && `\0${environ}`.includes(`\0${TAG}=${value}\0`)) found.push(`${pid} ${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}`);
  }
  return found;
}

/** A small seeded generator, so a failing iteration names the moment it was killed at. */
function random(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** A project whose embedded server can hold one service (fetch or push) of the next run until released. */
async function stallableProject() {
  let stall: { service: string; reached: () => void; release: Promise<void> } | undefined;
  const project = await publishProject('embedded', {
    onService: async ({ service }) => {
      if (stall?.service !== service) return;
      const { reached, release } = stall;
      stall = undefined;
      reached();
      await release;
    },
  });
  return {
    project,
    /** Hold the next `service`; resolves once a client reached it. */
    hold(service: 'git-upload-pack' | 'git-receive-pack', release: Promise<void>): Promise<void> {
      return new Promise((reached) => (stall = { service, reached, release }));
    },
  };
}

function startPublish(project: PublishProject, run: number) {
  const script = path.join(import.meta.dirname, 'fixtures', 'publish-child.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, project.root, project.siteDir], {
    env: { ...project.env, [TAG]: String(run) },
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  return { child, exited };
}

test('publish killed at random moments: no git or ssh of it survives the next publish', { skip: !existsSync('/proc/self/environ') && 'needs /proc', timeout: 300_000 }, async () => {
  // A held service keeps the killed run's git and ssh waiting on the server, as a slow link would.
  const { project, hold } = await stallableProject();
  const next = random(20);
  let durationMs = 0;

  for (let i = 0; i < ITERATIONS; i++) {
    await writeBuiltSite(project.siteDir, { 'index.html': `run ${i}\n` });
    // Killed while fetching, while pushing, or after a random part of a whole run's duration.
    const mode = i === 0 ? 'whole run' : (['fetch', 'push', 'random'] as const)[i % 3]!;
    let unstall = (): void => {};
    const released = new Promise<void>((resolve) => (unstall = resolve));
    const reached = mode === 'fetch' || mode === 'push' ? hold(mode === 'fetch' ? 'git-upload-pack' : 'git-receive-pack', released) : undefined;
    const started = Date.now();
    const { child, exited } = startPublish(project, i);
    const delay = Math.round(next() * durationMs);
    if (mode === 'whole run') {
      assert.equal(await exited, null);
      durationMs = Date.now() - started;
      assert.deepEqual(await carriers(String(i)), [], 'a publish that ran to its end left children');
      continue;
    }
    await (reached ?? sleep(delay));
    // The publish process alone, as an OOM kill or `kill -9 <pid>` would (a no-op if it finished).
    child.kill('SIGKILL');
    await exited;

    const again = await publishSite({ ctx: project.ctx(), siteDir: project.siteDir });
    const left = await carriers(String(i));
    unstall();
    assert.deepEqual(left, [], `run ${i} (${mode}${mode === 'random' ? ` after ${delay} ms` : ''}): its children outlived the takeover`);
    assert.ok(again.status === 'published' || again.status === 'unchanged', again.status);
    assert.equal(await git(project.bare, 'show', 'main:index.html'), `run ${i}`);
  }
});

test('SIGTERM during a push ends its git and ssh before the publish exits, and frees the lock', { skip: !existsSync('/proc/self/environ') && 'needs /proc', timeout: 60_000 }, async () => {
  const { project, hold } = await stallableProject();
  await writeBuiltSite(project.siteDir, { 'index.html': 'terminated\n' });
  let unstall = (): void => {};
  const reached = hold('git-receive-pack', new Promise<void>((resolve) => (unstall = resolve)));
  const { child, exited } = startPublish(project, -1);
  await reached;
  child.kill('SIGTERM');
  await exited;
  const left = await carriers('-1');
  unstall();
  assert.deepEqual(left, [], 'children outlived the terminated publish');
  assert.equal(existsSync(project.ctx().lockFile), false, 'the lock was released');
  assert.equal(await git(project.bare, 'rev-list', '--all', '--count'), '0', 'nothing reached the remote');
});
