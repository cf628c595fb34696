import assert from 'node:assert/strict';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { importZolaSite } from '../../src/import-zola/import-site.ts';
import { listTree } from '../../src/output/list-tree.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { fixtureSites, projectRoot } from './helpers.ts';

// Each fixture Zola site (input/) and what importing it must produce (expected/): the whole
// output tree, the terminal report, the exit code and Zola's URL inventory, all as data.
// Set GALLEY_UPDATE_FIXTURES=1 to rewrite expected/ after a deliberate change, then review the diff.
const update = process.env.GALLEY_UPDATE_FIXTURES === '1';

for (const { name, dir } of fixtureSites) {
const expectedDir = path.join(dir, 'expected');
const input = path.join(dir, 'input');

test(`${name}: importing the fixture Zola site writes the expected tree, report and exit code`, async () => {
  const work = await tempDir();
  const out = path.join(work, 'out');
  const result = await runCli(['import-zola', input, '--out', out], work, { ...process.env, SOURCE_DATE_EPOCH: '1790000000' });
  const outcome = { exitCode: result.code, stdout: result.stdout.replace(/^Report written to .*$/m, 'Report written to import-report.md'), stderr: result.stderr };
  if (update) {
    await rm(expectedDir, { recursive: true, force: true });
    await mkdir(expectedDir, { recursive: true });
    await cp(out, path.join(expectedDir, 'tree'), { recursive: true, filter: (src) => !src.startsWith(path.join(out, 'vendor')) });
    await writeFile(path.join(expectedDir, 'stdout.txt'), outcome.stdout);
    await writeFile(path.join(expectedDir, 'stderr.txt'), outcome.stderr);
    await writeFile(path.join(expectedDir, 'exit-code.txt'), `${outcome.exitCode}\n`);
  }
  assert.equal(`${outcome.exitCode}\n`, await readFile(path.join(expectedDir, 'exit-code.txt'), 'utf8'));
  assert.equal(outcome.stdout, await readFile(path.join(expectedDir, 'stdout.txt'), 'utf8'));
  assert.equal(outcome.stderr, await readFile(path.join(expectedDir, 'stderr.txt'), 'utf8'));
  const expectedTree = path.join(expectedDir, 'tree');
  const all = await listTree(out);
  // vendor/ is galley's own pinned htmx, copied as is: compared with the project's, not stored twice.
  for (const file of all.filter((f) => f.startsWith('vendor/'))) assert.deepEqual(await readFile(path.join(out, file)), await readFile(path.join(projectRoot, file)), file);
  assert.ok(all.includes('vendor/pins.json'));
  const files = all.filter((f) => !f.startsWith('vendor/'));
  assert.deepEqual(files, await listTree(expectedTree), 'the same files are written');
  for (const file of files) {
    assert.equal(await readFile(path.join(out, file), 'utf8'), await readFile(path.join(expectedTree, file), 'utf8'), file);
  }
});

test(`${name}: the fixture's Zola URL inventory is the expected one, and nothing in it is lost unreported`, async () => {
  const result = await importZolaSite(input);
  const inventory = `${JSON.stringify(result.urls, null, 2)}\n`;
  const file = path.join(expectedDir, 'urls.json');
  if (update) await writeFile(file, inventory);
  assert.equal(inventory, await readFile(file, 'utf8'));
  // A URL may only be lost when the report says why (a finding names it).
  const named = result.log.rows.filter((r) => r.status === 'needs-person').map((r) => r.subject);
  for (const u of result.urls.filter((x) => x.how === 'lost')) assert.ok(named.includes(u.url), `${u.url} is lost without a report row`);
});
}

const input = fixtureSites[0]!.dir + '/input';

test('importing twice gives byte-identical output', async () => {
  const work = await tempDir();
  await runCli(['import-zola', input, '--out', path.join(work, 'a')], work);
  await runCli(['import-zola', input, '--out', path.join(work, 'b')], work);
  const a = await listTree(path.join(work, 'a'));
  assert.deepEqual(a, await listTree(path.join(work, 'b')));
  for (const file of a) assert.equal(await readFile(path.join(work, 'a', file), 'utf8'), await readFile(path.join(work, 'b', file), 'utf8'), file);
});

test('the output directory is not overwritten without --force', async () => {
  const work = await tempDir();
  const out = path.join(work, 'out');
  await cp(input, path.join(work, 'site'), { recursive: true });
  assert.equal((await runCli(['import-zola', 'site', '--out', 'out'], work)).code, 1);
  const again = await runCli(['import-zola', 'site', '--out', 'out'], work);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /import-out-not-empty/);
  assert.equal((await runCli(['import-zola', 'site', '--out', out, '--force'], work)).code, 1);
});
