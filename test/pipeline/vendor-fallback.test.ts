import assert from 'node:assert/strict';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fixtureProject, projectRoot } from '../helpers/fixture-project.ts';
import { runCli } from '../helpers/run-cli.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

test("a project without vendor/ builds with galley's own pinned htmx, through the vendor gate", async () => {
  const dir = await fixtureProject();
  await rm(path.join(dir, 'vendor'), { recursive: true });
  const result = await runCli(['build'], dir, env);
  assert.equal(result.code, 0, result.stderr);
  const pins = JSON.parse(await readFile(path.join(projectRoot, 'vendor/pins.json'), 'utf8')) as { files: Record<string, { sha384: string }> };
  const page = await readFile(path.join(dir, 'site/entries/base/index.html'), 'utf8');
  assert.ok(page.includes(`integrity="${pins.files['htmx.min.js']!.sha384}"`), 'the page carries galley\'s pin');
});

test('a project with its own vendor/ is held to it: without htmx there, the build fails', async () => {
  const dir = await fixtureProject();
  await rm(path.join(dir, 'vendor'), { recursive: true });
  await mkdir(path.join(dir, 'vendor'));
  const result = await runCli(['build'], dir, env);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /vendor-missing/);
});
