import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fixtureProject, projectRoot } from '../helpers/fixture-project.ts';
import { runCli } from '../helpers/run-cli.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

// The summary counts the pages the build wrote: an excluded draft is read and checked, not rendered.
test('the build summary counts rendered pages, not the drafts it left out', async () => {
  const dir = await fixtureProject(path.join(projectRoot, 'test/fixtures/ok-drafts-excluded/files'));
  const plain = await runCli(['build', '--no-cache'], dir, env);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /\(1 entries and pages rendered, /);
  // A draft that passes every gate, so `--drafts` renders it too.
  const base = await readFile(path.join(dir, 'content/entries/base.md'), 'utf8');
  await rm(path.join(dir, 'content/entries/unfinished.md'));
  await writeFile(path.join(dir, 'content/entries/later.md'), base.replace(/^---\n/, '---\ndraft: true\nslug: later\n').replace(/^aliases:.*\n/m, ''));
  assert.match((await runCli(['build', '--no-cache'], dir, env)).stdout, /\(1 entries and pages rendered, /);
  assert.match((await runCli(['build', '--no-cache', '--drafts'], dir, env)).stdout, /\(2 entries and pages rendered, /);
});
