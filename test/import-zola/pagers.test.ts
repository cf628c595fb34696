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

// A blog section paged by its own `paginate_by`, with its feeds; a post outside it stays off its list.
async function zolaSection(): Promise<string> {
  const dir = await tempDir('zola-section-pagers-');
  const files: Record<string, string> = {
    'config.toml': 'base_url = "https://blog.example.org"\ntitle = "Sections"\nfeed_filenames = ["rss.xml", "atom.xml"]\n',
    'content/blog/_index.md': '+++\ntitle = "Blog"\ndescription = "Dated writing."\npaginate_by = 2\ngenerate_feeds = true\ntemplate = "blog.html"\n+++\n',
    'content/blog/2023/_index.md': '+++\ntitle = "2023"\ntransparent = true\n+++\n',
    'content/blog/2023/old.md': '+++\ntitle = "Old post"\ndate = 2023-06-01\n+++\nFrom the year section, listed in the blog as Zola lists it.\n',
    'content/about.md': '+++\ntitle = "About me"\ndate = 2024-02-01\n+++\nNot in the blog.\n',
  };
  for (let i = 1; i <= 4; i++) files[`content/blog/post-${i}.md`] = `+++\ntitle = "Post ${i}"\ndate = 2024-01-0${i}\n+++\nThe body of post ${i}.\n`;
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return dir;
}

test("a section's page/N/ URLs and feeds are galley's listing of its entries, in the sitemap", async () => {
  const root = path.join(await tempDir(), 'project');
  const imported = await importProject(await zolaSection(), root);
  assert.match(await readFile(path.join(root, 'site.config.ts'), 'utf8'), /listings: \[\n {4}\{ path: "\/blog\/", title: "Blog", description: "Dated writing.", paginateBy: 2 \},\n {4}\{ path: "\/blog\/2023\/", title: "2023" \},/);
  const how = Object.fromEntries(imported.urls.map((u) => [u.url, u.how]));
  for (const url of ['/blog/', '/blog/page/1/', '/blog/page/2/', '/blog/page/3/', '/blog/rss.xml', '/blog/atom.xml', '/blog/2023/']) assert.equal(how[url], 'galley', url);
  assert.deepEqual(imported.urls.filter((u) => u.how === 'lost' || u.how === 'template'), []);
  assert.deepEqual([...imported.files.redirects.keys()].filter((u) => u.startsWith('/blog/')), []);

  const built = await buildSite({ root, outDir: path.join(root, 'site'), env });
  assert.deepEqual(built.findings.filter((f) => f.severity === 'error'), []);
  const file = (rel: string) => readFile(path.join(root, 'site', rel), 'utf8');
  const first = await file('blog/index.html');
  assert.match(first, /Post 4/);
  assert.doesNotMatch(first, /About me/);
  assert.match(await file('blog/page/3/index.html'), /Old post/);
  assert.match(await file('blog/page/1/index.html'), /http-equiv="refresh" content="0; url=\/blog\/"/);
  const rss = await file('blog/rss.xml');
  assert.match(rss, /<title>Sections: Blog<\/title>/);
  assert.match(rss, /Old post/);
  assert.doesNotMatch(rss, /About me/);
  assert.match(await file('sitemap.xml'), /<loc>https:\/\/blog\.example\.org\/blog\/page\/3\/<\/loc>/);
});

test("a section with text and `paginate_by` is a listing whose first page shows the text above the list, its pagers pages", async () => {
  const zola = await zolaSection();
  await writeFile(path.join(zola, 'content/blog/_index.md'), '+++\ntitle = "Blog"\npaginate_by = 2\n+++\nWhat I write about, **newest first**.\n');
  const root = path.join(await tempDir(), 'project');
  const imported = await importProject(zola, root);
  assert.match(await readFile(path.join(root, 'site.config.ts'), 'utf8'), /\{ path: "\/blog\/", title: "Blog", paginateBy: 2 \}/);
  const how = Object.fromEntries(imported.urls.map((u) => [u.url, u.how]));
  assert.equal(how['/blog/'], 'same');
  for (const url of ['/blog/page/2/', '/blog/page/3/']) assert.equal(how[url], 'galley', url);
  assert.deepEqual([...imported.files.redirects.keys()].filter((u) => u.startsWith('/blog/')), []);

  const built = await buildSite({ root, outDir: path.join(root, 'site'), env });
  assert.deepEqual(built.findings.filter((f) => f.severity === 'error'), []);
  const file = (rel: string) => readFile(path.join(root, 'site', rel), 'utf8');
  const first = await file('blog/index.html');
  assert.match(first, /<div class="listing-intro"><p>What I write about, <strong>newest first<\/strong>\.<\/p><\/div>/);
  assert.match(first, /Post 4/);
  assert.match(first, /href="\/blog\/page\/2\/" rel="next"/);
  const second = await file('blog/page/2/index.html');
  assert.match(second, /Post 2/);
  assert.doesNotMatch(second, /What I write about/);
  assert.doesNotMatch(second, /http-equiv="refresh"/);
});
