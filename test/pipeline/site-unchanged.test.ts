import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { listFiles } from '../../src/output/manifest.ts';
import { fixtureProject } from '../helpers/fixture-project.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

/** Every file of a tree with its hash, the manifest included: "byte for byte". */
async function snapshot(dir: string): Promise<string> {
  const files = await listFiles(dir);
  const manifest = await readFile(path.join(dir, '.galley/manifest.json'), 'utf8');
  return JSON.stringify(files) + manifest;
}

test('a changed byte in htmx: exit 1, placed finding with rule id, site/ untouched', async () => {
  const dir = await fixtureProject();
  assert.equal((await runCli(['build'], dir, env)).code, 0);
  const before = await snapshot(path.join(dir, 'site'));
  const htmx = path.join(dir, 'vendor/htmx.min.js');
  const bytes = await readFile(htmx);
  bytes[4242] = bytes[4242] === 0x20 ? 0x21 : 0x20;
  await writeFile(htmx, bytes);
  const result = await runCli(['build'], dir, env);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^vendor\/htmx\.min\.js:1:1 {2}error {2}.* {2}vendor-hash-mismatch$/m);
  assert.equal(await snapshot(path.join(dir, 'site')), before);
});

test('a broken fragment link: exit 1 at the link, site/ untouched, no staging left behind', async () => {
  const dir = await fixtureProject();
  assert.equal((await runCli(['build'], dir, env)).code, 0);
  const before = await snapshot(path.join(dir, 'site'));
  const entry = path.join(dir, 'content/entries/base.md');
  const text = await readFile(entry, 'utf8');
  await writeFile(entry, text.replace('(#second-section)', '(/entries/base/#secnod-section)'));
  const result = await runCli(['build', '--format', 'json'], dir, env);
  assert.equal(result.code, 1);
  const findings = JSON.parse(result.stdout);
  assert.deepEqual(
    findings.map((f: { file: string; line: number; column: number; ruleId: string }) => [f.file, f.line, f.column, f.ruleId]),
    [['content/entries/base.md', 15, 18, 'link-missing-fragment']],
  );
  assert.equal(findings[0].hint, 'Did you mean `#second-section`?');
  assert.equal(await snapshot(path.join(dir, 'site')), before);
  const { readdir } = await import('node:fs/promises');
  assert.deepEqual((await readdir(dir)).filter((n) => n.includes('staging')), []);
});

test('two builds with the same SOURCE_DATE_EPOCH are byte-identical', async () => {
  const dir = await fixtureProject();
  const a = path.join(await tempDir(), 'a');
  const b = path.join(await tempDir(), 'b');
  assert.equal((await runCli(['build', '--out', a], dir, env)).code, 0);
  assert.equal((await runCli(['build', '--out', b], dir, env)).code, 0);
  assert.equal(await snapshot(a), await snapshot(b));
  const manifest = JSON.parse(await readFile(path.join(a, '.galley/manifest.json'), 'utf8'));
  assert.equal(manifest.buildTime, new Date(1790000000 * 1000).toISOString());
  assert.equal(manifest.generator.name, 'galley');
});

test('galley check runs the gates and writes nothing', async () => {
  const dir = await fixtureProject();
  const ok = await runCli(['check'], dir, env);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(existsSync(path.join(dir, 'site')), false);
  await writeFile(path.join(dir, 'vendor/extra.js'), '1;\n');
  const bad = await runCli(['check'], dir, env);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /vendor\/extra\.js:1:1 {2}error .* vendor-unpinned/);
});

test('the worker pool renders the same bytes as the main thread', async () => {
  const { buildSite } = await import('../../src/pipeline/build-site.ts');
  const dir = await fixtureProject();
  const { cp } = await import('node:fs/promises');
  for (let i = 0; i < 20; i++) await cp(path.join(dir, 'content/entries/base.md'), path.join(dir, `content/entries/copy-${i}.md`));
  const { writeFile: write } = await import('node:fs/promises');
  // Copies would share the base entry's alias; give each its own.
  for (let i = 0; i < 20; i++) {
    const file = path.join(dir, `content/entries/copy-${i}.md`);
    await write(file, (await readFile(file, 'utf8')).replace('/old/base/', `/old/copy-${i}/`));
  }
  const inline = await buildSite({ root: dir, outDir: path.join(dir, 'inline'), workers: 0, env });
  const pooled = await buildSite({ root: dir, outDir: path.join(dir, 'pooled'), workers: 2, env });
  assert.deepEqual(inline.findings, []);
  assert.ok(inline.ok && pooled.ok);
  assert.deepEqual(pooled.manifest?.files, inline.manifest?.files);
});
