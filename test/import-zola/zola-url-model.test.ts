// The import's URL inventory (the "before" side of every redirect) against a second model of
// Zola's URL rules, written from Zola's documentation without the importer's code.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { importZolaSite } from '../../src/import-zola/import-site.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { fixtureSites } from './helpers.ts';
import { modelZolaUrls } from './zola-url-model.ts';

const inventory = async (dir: string): Promise<string[]> => (await importZolaSite(dir)).before.map((u) => u.url).sort();

for (const site of fixtureSites) {
  test(`${site.name}: the import's URL inventory and its golden urls.json match the second model`, async () => {
    const model = await modelZolaUrls(path.join(site.dir, 'input'));
    assert.deepEqual(await inventory(path.join(site.dir, 'input')), model);
    const golden = JSON.parse(await readFile(path.join(site.dir, 'expected/urls.json'), 'utf8')) as { url: string }[];
    assert.deepEqual(golden.map((u) => u.url).sort(), model);
  });
}

// Rules the fixtures do not reach: safe slugs, custom pager paths, unrendered pages, section
// assets, drafts, a datetime name, the default language's explicit suffix.
const edgeSite: Record<string, string> = {
  'config.toml': 'base_url = "https://x.example"\ngenerate_feed = true\nfeed_filename = "feed.xml"\ntaxonomies = [{ name = "Topics", paginate_by = 1, paginate_path = "p" }]\n[slugify]\npaths = "safe"\ntaxonomies = "on"\n',
  'content/_index.md': '+++\ntitle = "Home"\n+++\n',
  'content/log/_index.md': '+++\ntitle = "Log"\npaginate_by = 1\npaginate_path = "seite"\ngenerate_feed = true\n+++\n',
  'content/log/banner.png': 'png',
  'content/log/2024-02-03T04:05:06Z_Night Shift.md': '+++\ntitle = "n"\n[taxonomies]\nTopics = ["Night Work", "Tools"]\n+++\n',
  'content/log/Hidden Page.md': '+++\ntitle = "h"\nrender = false\naliases = ["old/hidden"]\n+++\n',
  'content/log/moved.en.md': '+++\ntitle = "m"\nslug = "Über uns?"\n[taxonomies]\nTopics = ["tools"]\n+++\n',
  'content/drafts/_index.md': '+++\ntitle = "d"\ndraft = true\n+++\n',
  'content/drafts/wip.md': '+++\ntitle = "w"\ndraft = true\n+++\n',
  'static/robots-extra.txt': 'x',
};

test('an edge-case site: the import and the second model write the same URLs', async () => {
  const dir = await tempDir('galley-zola-model-');
  for (const [rel, text] of Object.entries(edgeSite)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  const model = await modelZolaUrls(dir);
  assert.ok(model.includes('/log/Night Shift/') && model.includes('/log/seite/2/') && model.includes('/topics/tools/p/2/'), model.join('\n'));
  assert.deepEqual(await inventory(dir), model);
});
