import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/config/load-config.ts';
import { GalleyError } from '../../src/report/galley-error.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const temps: string[] = [];
after(() => Promise.all(temps.map((t) => rm(t, { recursive: true, force: true }))));

/** A throwaway project with galley installed (a link to this checkout), as a user would have it. */
async function project(config: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'galley-config-'));
  temps.push(dir);
  await mkdir(path.join(dir, 'node_modules'));
  await symlink(projectRoot, path.join(dir, 'node_modules', 'galley'));
  await writeFile(path.join(dir, 'site.config.ts'), config);
  return dir;
}

async function configError(config: string): Promise<GalleyError> {
  const dir = await project(config);
  try {
    await loadConfig(dir);
  } catch (error) {
    assert.ok(error instanceof GalleyError, String(error));
    return error;
  }
  assert.fail('expected a configuration error');
}

test("the project's own site.config.ts loads", async () => {
  const loaded = await loadConfig(projectRoot);
  assert.equal(loaded.file, 'site.config.ts');
  assert.equal(loaded.config.paths.output, 'site');
  assert.match(loaded.config.site.title, /\S/);
});

test('a missing config means defaults', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'galley-config-'));
  temps.push(dir);
  const loaded = await loadConfig(dir);
  assert.equal(loaded.file, undefined);
  assert.equal(loaded.config.paths.content, 'content');
});

test('a misspelt key is exit 2 with its line, column and a did-you-mean hint', async () => {
  const error = await configError(
    "import { defineConfig } from 'galley';\nexport default defineConfig({\n  site: { titel: 'x' },\n} as never);\n",
  );
  assert.equal(error.exitCode, 2);
  const [finding] = error.findings;
  assert.equal(finding?.ruleId, 'config-unknown-key');
  assert.equal(finding?.line, 3);
  assert.equal(finding?.column, 11);
  assert.match(finding?.hint ?? '', /did you mean `title`/i);
});

test('a syntax error is exit 2 with the place esbuild found', async () => {
  const error = await configError("export default {\n  site: { title: 'x' \n");
  assert.equal(error.exitCode, 2);
  assert.equal(error.findings[0]?.ruleId, 'config-syntax');
  assert.ok((error.findings[0]?.line ?? 0) >= 2);
});

test('a wrong type names the path', async () => {
  const error = await configError("export default { site: { baseUrl: 'not a url' } };\n");
  assert.equal(error.findings[0]?.ruleId, 'config-invalid');
  assert.match(error.findings[0]?.message ?? '', /site\.baseUrl/);
});

test('a config is compiled again when a file it imports changes, and the new values load', async () => {
  const dir = await project("import { defineConfig } from 'galley';\nimport { title } from './site-title.ts';\nexport default defineConfig({ site: { title } });\n");
  await writeFile(path.join(dir, 'site-title.ts'), "export const title = 'First';\n");
  assert.equal((await loadConfig(dir)).config.site.title, 'First');
  assert.equal((await loadConfig(dir)).config.site.title, 'First', 'kept compile');
  // Same site.config.ts, a changed import: the kept compile no longer holds, in this process too.
  await writeFile(path.join(dir, 'site-title.ts'), "export const title = 'Second';\n");
  assert.equal((await loadConfig(dir)).config.site.title, 'Second');
});

test('every config edit compiles anew, and the cache keeps only the newest few compiles', async () => {
  const titles = Array.from({ length: 9 }, (_, i) => `Title ${i}`);
  const dir = await project('export default {};\n');
  const cache = path.join(dir, '.galley/cache');
  for (const title of titles) {
    await writeFile(path.join(dir, 'site.config.ts'), `export default { site: { title: ${JSON.stringify(title)} } };\n`);
    assert.equal((await loadConfig(dir)).config.site.title, title);
  }
  const names = (await readdir(cache)).filter((n) => n.startsWith('site.config.'));
  const records = names.filter((n) => n.endsWith('.json'));
  const modules = names.filter((n) => n.endsWith('.mjs'));
  assert.equal(records.length, 5, `the current compile and four others: ${names.join(' ')}`);
  assert.equal(modules.length, 5, 'a module for each kept record, none other');
  // The compiles kept are the newest: the last title loads from the cache, and so does one before.
  for (const title of [titles.at(-1)!, titles.at(-2)!]) {
    await writeFile(path.join(dir, 'site.config.ts'), `export default { site: { title: ${JSON.stringify(title)} } };\n`);
    assert.equal((await loadConfig(dir)).config.site.title, title);
  }
  assert.deepEqual((await readdir(cache)).filter((n) => n.endsWith('.mjs')).sort(), modules.sort(), 'no compile for a config the cache still held');
});
