import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { urlForFile } from '../../src/import-zola/url-for-file.ts';
import { listTree } from '../../src/output/list-tree.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { fixtureSites, importProject } from './helpers.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

async function builtUrls(root: string): Promise<Set<string>> {
  return new Set((await listTree(path.join(root, 'site'))).filter((f) => !f.startsWith('.galley/')).map(urlForFile));
}

// What is not served yet (a draft, a lost URL) is in the report; the rest is in the built site.
// The fixtures' pages lack the editorial parts, and are published all the same as imported entries.
const waiting: Record<string, string[]> = { 'zola-site': [], 'zola-docs': [] };

for (const site of fixtureSites) {
  // The imported fixture builds with every gate, and the URL inventory before (what `zola build`
  // writes, as the import computes it) and after (the files of the built site/) shows nothing
  // lost: each old URL is served as it was, by an alias page, a redirect page, a page or galley's
  // own page; a URL whose page was imported as a draft waits for it, and the report names it.
  test(`${site.name}: the import builds with every gate and keeps every Zola URL`, async () => {
    const root = path.join(await tempDir(), 'project');
    const imported = await importProject(path.join(site.dir, 'input'), root);
    const built = await buildSite({ root, outDir: path.join(root, 'site'), env });
    assert.deepEqual(built.findings.filter((f) => f.severity === 'error'), [], 'no gate finding');
    assert.ok(built.ok);
    const after = await builtUrls(root);
    const served = imported.urls.filter((u) => u.how !== 'draft' && u.how !== 'lost');
    assert.ok(served.length >= 15, `the fixture exercises many URLs (${served.length})`);
    for (const u of served) assert.ok(after.has(u.url), `${u.url} (${u.kind}, ${u.how}) is in the built site`);
    for (const u of served.filter((x) => x.how === 'alias' || x.how === 'redirect')) {
      const page = await readFile(path.join(root, 'site', decodeURIComponent(u.url.endsWith('/') ? `${u.url}index.html` : u.url)), 'utf8');
      assert.match(page, new RegExp(`http-equiv="refresh" content="0; url=${escape(u.to)}"`), `${u.url} → ${u.to}`);
      assert.ok(after.has(u.to), `${u.url} redirects to ${u.to}, which exists`);
    }
    const report = await readFile(path.join(root, 'import-report.md'), 'utf8');
    const notYet = imported.urls.filter((u) => u.how === 'draft' || u.how === 'lost');
    for (const u of notYet) {
      assert.ok(!after.has(u.url), `${u.url} is not served while it waits`);
      assert.match(report, new RegExp(`\\| ${escape(u.url)} \\| ${u.kind} \\| ${u.how} \\|`));
    }
    assert.deepEqual(notYet.map((u) => `${u.how} ${u.url}`).sort(), waiting[site.name]);
  });

  // The acceptance shape: a plain import and a plain build (no `--drafts`) serve every URL Zola writes.
  test(`${site.name}: a plain import and build serve every URL Zola writes`, async () => {
    const root = path.join(await tempDir(), 'plain');
    const imported = await importProject(path.join(site.dir, 'input'), root);
    const built = await buildSite({ root, outDir: path.join(root, 'site'), env });
    assert.deepEqual(built.findings.filter((f) => f.severity === 'error'), [], 'no gate finding');
    const after = await builtUrls(root);
    const missing = imported.before.filter((u) => !after.has(u.url)).map((u) => u.url);
    assert.deepEqual(missing, [], 'every Zola URL is served');
  });
}

test('an old feed URL is a feed: the site feed at /rss.xml, a tag feed at its term URL', async () => {
  const root = path.join(await tempDir(), 'feeds');
  await importProject(path.join(fixtureSites[0]!.dir, 'input'), root);
  assert.ok((await buildSite({ root, outDir: path.join(root, 'site'), env })).ok);
  const feed = (rel: string): Promise<string> => readFile(path.join(root, 'site', rel), 'utf8');
  const atom = await feed('atom.xml');
  const rss = await feed('rss.xml');
  assert.match(rss, /^<\?xml[\s\S]*<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
  assert.match(rss, /<link href="https:\/\/field-notes\.example\.org\/rss\.xml" rel="self" type="application\/atom\+xml"><\/link>/);
  assert.equal(rss.match(/<entry>/g)?.length, atom.match(/<entry>/g)?.length, 'the same entries as the site feed');
  const lighting = await feed('tags/lighting/atom.xml');
  assert.ok((lighting.match(/<entry>/g)?.length ?? 0) > 0 && lighting.match(/<entry>/g)!.length < atom.match(/<entry>/g)!.length, 'a term feed holds its tag only');
  assert.match(lighting, /東京タワー at night/);
  assert.doesNotMatch(lighting, /Cache lines/);
});
