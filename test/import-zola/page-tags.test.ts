import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { importProject, zolaSite } from './helpers.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

test("an undated Zola page keeps its terms as tags: its terms' pages are served and list it, the entries first", async () => {
  const zola = await zolaSite({
    'config.toml': 'base_url = "https://example.org"\ntaxonomies = [{ name = "tags" }]\n',
    'content/post.md': '+++\ntitle = "Post"\ndate = 2024-01-01\n[taxonomies]\ntags = ["rust"]\n+++\nA dated post about rust.\n',
    'content/projects/engine.md': '+++\ntitle = "Engine"\n[taxonomies]\ntags = ["rust", "portfolio"]\n+++\nAn undated project page.\n',
  });
  const root = path.join(await tempDir(), 'project');
  const result = await importProject(zola, root);
  assert.match(await readFile(path.join(root, 'content/pages/projects/engine.md'), 'utf8'), /\ntags:\n  - rust\n  - portfolio\n/);
  const how = Object.fromEntries(result.urls.map((u) => [u.url, u.how]));
  assert.equal(how['/tags/portfolio/'], 'galley');
  assert.equal(how['/tags/rust/'], 'galley');

  const built = await buildSite({ root, outDir: path.join(root, 'site'), env });
  assert.deepEqual(built.findings.filter((f) => f.severity === 'error'), []);
  const rust = await readFile(path.join(root, 'site/tags/rust/index.html'), 'utf8');
  assert.ok(rust.indexOf('/post/') > 0 && rust.indexOf('/post/') < rust.indexOf('/projects/engine/'), 'the entry, then the page');
  assert.match(await readFile(path.join(root, 'site/tags/portfolio/index.html'), 'utf8'), /href="\/projects\/engine\/">Engine<\/a>/);
});
