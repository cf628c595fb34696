import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config/load-config.ts';
import { GalleyError } from '../../src/report/galley-error.ts';
import { runCli } from '../helpers/run-cli.ts';

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

test('a --root that is not a directory is exit 2 for every verb that reads a project, and nothing is created', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'galley-config-'));
  temps.push(dir);
  await writeFile(path.join(dir, 'a-file'), 'x');
  for (const root of ['nope', 'a-file']) {
    for (const verb of [['build'], ['check'], ['new', 'Title']]) {
      const { code, stderr } = await runCli([...verb, '--root', root], dir);
      assert.equal(code, 2, `${verb[0]} --root ${root}: ${stderr}`);
      assert.ok(stderr.includes(`project root \`${path.join(dir, root)}\` that is not a directory`) && stderr.includes('config-no-root'), stderr);
    }
  }
  assert.deepEqual(await readdir(dir), ['a-file']);
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

/** A project outside the checkout with no node_modules: what `import-zola --out` or a user's own folder is. */
async function bareProject(title: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'galley-bare-'));
  temps.push(dir);
  assert.ok(path.relative(projectRoot, dir).startsWith('..'), 'outside the checkout, where no node_modules above it holds galley');
  await cp(path.join(projectRoot, 'test/fixtures/_base'), dir, { recursive: true });
  await cp(path.join(projectRoot, 'vendor'), path.join(dir, 'vendor'), { recursive: true });
  await writeFile(path.join(dir, 'site.config.ts'), `import { defineConfig } from 'galley';\nexport default defineConfig({ site: { title: ${JSON.stringify(title)} } });\n`);
  return dir;
}

/** `node bin/galley.js build` from the project's own directory, as a user runs the installed CLI. */
async function bundleBuild(dir: string): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await promisify(execFile)(process.execPath, [path.join(projectRoot, 'bin/galley.js'), 'build'], { cwd: dir, env: { ...process.env, SOURCE_DATE_EPOCH: '1790000000' } });
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code?: number; stderr?: string };
    return { code: e.code ?? -1, stderr: e.stderr ?? String(error) };
  }
}

test("a config importing 'galley' loads in a folder with no node_modules: the running galley supplies itself (from source)", async () => {
  const dir = await bareProject('From source');
  assert.equal(existsSync(path.join(dir, 'node_modules')), false);
  assert.equal((await loadConfig(dir)).config.site.title, 'From source');
});

test("the CLI bundle builds a project with no node_modules whose config imports 'galley', after a load from source", async () => {
  const dir = await bareProject('From the bundle');
  // Loaded from source first: a compile that imports src/index.ts is in the cache, and must not be
  // the one the bundle (plain node, no TypeScript loader) gets.
  assert.equal((await loadConfig(dir)).config.site.title, 'From the bundle');
  const result = await bundleBuild(dir);
  assert.equal(result.code, 0, result.stderr);
  assert.match(await readFile(path.join(dir, 'site/index.html'), 'utf8'), /<title>From the bundle<\/title>/);
  const compiled = (await readdir(path.join(dir, '.galley/cache'))).filter((n) => n.endsWith('.mjs'));
  const imports = await Promise.all(compiled.map(async (n) => /from "file:[^"]*\/(src\/index\.ts|dist\/index\.mjs)"/.exec(await readFile(path.join(dir, '.galley/cache', n), 'utf8'))?.[1]));
  assert.deepEqual(imports.sort(), ['dist/index.mjs', 'src/index.ts'], 'one compile per galley module');
});
