import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { importZolaSite } from '../../src/import-zola/import-site.ts';
import { urlForFile } from '../../src/import-zola/url-for-file.ts';
import { listTree } from '../../src/output/list-tree.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { fixtureInput } from './helpers.ts';

const zola = spawnSync('zola', ['--version'], { encoding: 'utf8' });
const skip = zola.error ? 'zola is not installed here (no `zola` on PATH), so the URL set computed by the import is not compared with a real `zola build`' : false;

// The import computes Zola's URLs itself; a real `zola build` of the fixture must write exactly those.
test('zola build of the fixture writes the URLs the import computed', { skip }, async () => {
  const work = await tempDir();
  const site = path.join(work, 'site');
  await cp(fixtureInput, site, { recursive: true });
  execFileSync('zola', ['build', '--output-dir', path.join(work, 'public')], { cwd: site, stdio: 'pipe' });
  const built = new Set((await listTree(path.join(work, 'public'))).map(urlForFile).map((u) => decodeURI(u)));
  const computed = (await importZolaSite(fixtureInput)).before.map((u) => decodeURI(u.url));
  for (const url of computed) assert.ok(built.has(url), `zola wrote ${url}`);
  const pages = [...built].filter((u) => u.endsWith('/') || u.endsWith('.html') || u.endsWith('.xml'));
  for (const url of pages) assert.ok(computed.includes(url), `the import knows ${url}`);
});
