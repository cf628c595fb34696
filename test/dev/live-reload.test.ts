import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { startDev } from '../../src/dev/dev-server.ts';
import type { Finding } from '../../src/report/finding.ts';
import { openEvents, type ServerEvent } from '../helpers/event-client.ts';
import { fixtureProject } from '../helpers/fixture-project.ts';
import { runCli } from '../helpers/run-cli.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

async function nextOtherThan(events: { next(): Promise<ServerEvent> }, repeated: string): Promise<ServerEvent> {
  for (;;) {
    const e = await events.next();
    if (e.event !== repeated) return e;
  }
}

test('galley dev: a save pushes reload, a bad save pushes the findings and keeps the last good page', async (t) => {
  const root = await fixtureProject();
  const entry = path.join(root, 'content/entries/base.md');
  const original = await readFile(entry, 'utf8');
  const dev = await startDev({ root, port: 0, env, debounceMs: 20 });
  t.after(() => dev.close());
  const page = async () => {
    const res = await fetch(new URL('/entries/base/', dev.url));
    assert.equal(res.status, 200);
    return res.text();
  };

  const first = await page();
  assert.match(first, /<script src="\/__galley\/reload\.js" defer><\/script><\/head>/i);
  assert.match(first, /The lede of the base entry\./);
  for (const file of ['reload.js', 'overlay.css']) assert.equal((await fetch(new URL(`/__galley/${file}`, dev.url))).status, 200, file);

  const events = await openEvents(new URL('/__galley/events', dev.url).href);
  t.after(() => events.close());

  await writeFile(entry, original.replace('The lede of the base entry.', 'An edited lede.'));
  const reload = await events.next();
  assert.equal(reload.event, 'reload');
  assert.equal(typeof JSON.parse(reload.data).ms, 'number');
  assert.match(await page(), /An edited lede\./);

  // Break the front matter: the title goes missing.
  await writeFile(entry, original.replace('An edited lede.', 'x').replace(/^title: .*\n/m, ''));
  // A save can reach the watcher as two bursts on a loaded machine: a repeated event is no failure.
  const failed = await nextOtherThan(events, 'reload');
  assert.equal(failed.event, 'error');
  const findings = JSON.parse(failed.data).findings as Finding[];
  const finding = findings.find((f) => f.file.endsWith('content/entries/base.md') && f.severity === 'error');
  assert.ok(finding, failed.data);
  assert.ok(finding.line >= 1 && finding.column >= 1, 'the finding has a place');
  assert.match(finding.ruleId, /^frontmatter-/);
  assert.ok(finding.hint, 'the finding has a hint');
  assert.match(await page(), /An edited lede\./, 'the last good build is still served');

  // A page opened while the build is broken gets the findings at once.
  const late = await openEvents(new URL('/__galley/events', dev.url).href);
  t.after(() => late.close());
  assert.equal((await late.next()).event, 'error');

  await writeFile(entry, original.replace('The lede of the base entry.', 'A fixed lede.'));
  assert.equal((await nextOtherThan(events, 'error')).event, 'reload');
  assert.match(await page(), /A fixed lede\./);
});

test('galley dev: a public/ folder made after the start is watched and served', { timeout: 60_000 }, async (t) => {
  const root = await fixtureProject();
  await rm(path.join(root, 'public'), { recursive: true, force: true });
  const dev = await startDev({ root, port: 0, env, debounceMs: 20 });
  t.after(() => dev.close());
  const events = await openEvents(new URL('/__galley/events', dev.url).href);
  t.after(() => events.close());
  assert.equal((await fetch(new URL('/notes.txt', dev.url))).status, 404);

  await mkdir(path.join(root, 'public'));
  await writeFile(path.join(root, 'public', 'notes.txt'), 'made after the start\n');
  // The folder and the file may reach the watcher as two bursts: wait until the file is served.
  for (let served = false; !served; ) {
    assert.equal((await events.next()).event, 'reload');
    await dev.idle();
    served = (await fetch(new URL('/notes.txt', dev.url))).status === 200;
  }
  assert.equal(await (await fetch(new URL('/notes.txt', dev.url))).text(), 'made after the start\n');
});

test('galley dev: a bad --port is a usage error', async () => {
  const root = await fixtureProject();
  const result = await runCli(['dev', '--port', 'eighty'], root, env);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Unexpected --port `eighty`, expected a number/);
});
