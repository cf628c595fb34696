import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { importProject } from './helpers.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };

// A blog whose index and tag pages Zola paginates two to a page at its default `page/N/`.
async function zolaBlog(): Promise<string> {
  const dir = await tempDir('zola-pagers-');
  await mkdir(path.join(dir, 'content'), { recursive: true });
  await writeFile(path.join(dir, 'zola.toml'), 'base_url = "https://blog.example.org"\ntitle = "Paged"\ntaxonomies = [{ name = "tags", paginate_by = 2 }]\n');
  await writeFile(path.join(dir, 'content/_index.md'), '+++\npaginate_by = 2\nsort_by = "date"\n+++\n');
  for (let i = 1; i <= 5; i++) {
    const tags = i <= 3 ? '["nix"]' : '["cooking"]';
    await writeFile(path.join(dir, `content/post-${i}.md`), `+++\ntitle = "Post ${i}"\ndescription = "Post ${i} of five."\ndate = 2024-01-0${i}\n[taxonomies]\ntags = ${tags}\n[extra]\nverification = [{ claim = "It is paged.", method = "The pager test reads it." }]\n+++\nThe body of post ${i}.\n`);
  }
  return dir;
}

test("an imported index's and tag's page/N/ URLs are galley's pagers, not redirects", async () => {
  const root = path.join(await tempDir(), 'project');
  const imported = await importProject(await zolaBlog(), root, { looseSections: true });
  assert.match(await readFile(path.join(root, 'site.config.ts'), 'utf8'), /\n {2}paginateBy: 2,\n/);
  const pagers = imported.urls.filter((u) => u.kind === 'pagination').map((u) => `${u.url} ${u.how}`);
  assert.deepEqual(pagers.sort(), ['/page/1/ galley', '/page/2/ galley', '/page/3/ galley', '/tags/cooking/page/1/ galley', '/tags/nix/page/1/ galley', '/tags/nix/page/2/ galley']);
  assert.deepEqual([...imported.files.redirects.keys()].filter((u) => u.includes('/page/')), []);
  for (const url of ['page/1/', 'page/2/', 'page/3/', 'tags/nix/page/2/']) assert.equal(existsSync(path.join(root, 'public', url, 'index.html')), false, `no redirect page written at /${url}`);

  const built = await buildSite({ root, outDir: path.join(root, 'site'), env });
  assert.deepEqual(built.findings.filter((f) => f.severity === 'error'), []);
  const page = (url: string) => readFile(path.join(root, 'site', url, 'index.html'), 'utf8');
  assert.match(await page('page/3/'), /Post 1/);
  assert.doesNotMatch(await page('page/3/'), /http-equiv="refresh"/);
  assert.match(await page('tags/nix/page/2/'), /Post 1/);
  assert.match(await page('page/1/'), /http-equiv="refresh" content="0; url=\/"/);
});
