import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { scanTree } from '../../src/leak/index.ts';
import { listTree } from '../../src/output/list-tree.ts';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { gates } from '../../src/pipeline/gates.ts';
import { atomProblems, jsonFeedProblems } from '../helpers/feed-spec.ts';
import { fixtureProject, projectRoot } from '../helpers/fixture-project.ts';
import { runCli } from '../helpers/run-cli.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };
const overlay = path.join(projectRoot, 'test/fixtures/ok-feeds-and-pagers/files');

async function built(config?: string): Promise<string> {
  const dir = await fixtureProject(overlay);
  if (config) await writeFile(path.join(dir, 'site.config.ts'), config);
  const result = await runCli(['build'], dir, env);
  assert.equal(result.code, 0, result.stderr);
  return path.join(dir, 'site');
}

const feedsOf = async (site: string) => (await listTree(site)).filter((f) => /(^|\/)(atom\.xml|feed\.json)$/.test(f));

test('every feed conforms to its specification, read by a feed parser', async () => {
  const site = await built();
  const feeds = await feedsOf(site);
  assert.deepEqual(feeds.sort(), ['atom.xml', 'feed.json', 'tags/base/atom.xml', 'tags/base/feed.json', 'tags/feeds/atom.xml', 'tags/feeds/feed.json']);
  for (const feed of feeds) {
    const text = await readFile(path.join(site, feed), 'utf8');
    assert.deepEqual(feed.endsWith('.xml') ? atomProblems(text) : jsonFeedProblems(text), [], feed);
  }
});

test('the specification checks find a broken feed', () => {
  assert.throws(() => atomProblems('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</feed>'));
  const atom = '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>https://example.org/</id><updated>2026-01-01</updated><entry><title>e</title><id>/x/</id><updated>2026-01-01T00:00:00Z</updated></entry></feed>';
  assert.deepEqual(atomProblems(atom), ['feed updated is not RFC 3339', 'feed has no absolute self link', 'feed or entry without an author', 'entry 1: id is not an absolute URL', 'entry 1: no alternate link', 'entry 1: neither content nor summary']);
  const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 't', home_page_url: 'https://example.org/', feed_url: 'https://example.org/feed.json', items: [{ id: 'a', url: '/a/', content_text: 'x', date_published: '2026-01-01' }] });
  assert.deepEqual(jsonFeedProblems(json), ['version is not 1.1', 'item 1: url is not absolute', 'item 1: date_published is not RFC 3339']);
});

test('every page announces the site feeds, and a tag page its own', async () => {
  const site = await built();
  for (const page of (await listTree(site)).filter((f) => f.endsWith('.html'))) {
    const html = await readFile(path.join(site, page), 'utf8');
    if (html.includes('http-equiv="refresh"')) continue; // a redirect has no page to announce anything on
    assert.ok(html.includes('<link rel="alternate" type="application/atom+xml" title="Feeds case" href="/atom.xml">'), page);
    assert.ok(html.includes('<link rel="alternate" type="application/feed+json" title="Feeds case" href="/feed.json">'), page);
  }
  assert.match(await readFile(path.join(site, 'tags/base/page/2/index.html'), 'utf8'), /<link rel="alternate" type="application\/feed\+json" title="Feeds case: base" href="\/tags\/base\/feed.json">/);
});

test('feeds.content: summary leaves the articles out; the summary is the JSON item text', async () => {
  const site = await built(`import { defineConfig } from 'galley';\nexport default defineConfig({ site: { baseUrl: 'https://example.org/' }, feeds: { content: 'summary', limit: 1 } });\n`);
  const atom = await readFile(path.join(site, 'atom.xml'), 'utf8');
  assert.ok(!atom.includes('<content'), atom);
  assert.equal(atom.match(/<entry>/g)?.length, 1);
  const json = JSON.parse(await readFile(path.join(site, 'feed.json'), 'utf8')) as { items: Record<string, unknown>[] };
  assert.deepEqual(json.items.map((i) => [i.content_text, i.content_html]), [['Carries a footnote, links and an image into the feed.', undefined]]);
  for (const feed of await feedsOf(site)) {
    const text = await readFile(path.join(site, feed), 'utf8');
    assert.deepEqual(feed.endsWith('.xml') ? atomProblems(text) : jsonFeedProblems(text), [], feed);
  }
});

test('the leak scan reads what the feeds carry: an address in a footnote is found in each feed', async () => {
  const dir = await fixtureProject(overlay);
  const entry = path.join(dir, 'content/entries/newest.md');
  await writeFile(entry, (await readFile(entry, 'utf8')).replace('The footnote travels with the entry.', 'The footnote names 10.20.30.40.'));
  await mkdir(path.join(dir, 'out'), { recursive: true });
  // Built without the leak gate, so the scan of the written tree shows where the value went.
  const result = await buildSite({ root: dir, outDir: path.join(dir, 'out'), gates: gates.filter((g) => g.name !== 'leak'), env });
  assert.equal(result.ok, true);
  const files = new Set((await scanTree(result.outDir, { allow: [] })).filter((f) => f.ruleId === 'leak-private-address').map((f) => f.file));
  for (const feed of ['atom.xml', 'feed.json', 'tags/base/atom.xml', 'tags/base/feed.json', 'tags/feeds/atom.xml', 'tags/feeds/feed.json']) assert.ok(files.has(feed), `${feed}: ${[...files].join(', ')}`);
  // And the build with every gate refuses it.
  const gated = await runCli(['build'], dir, env);
  assert.equal(gated.code, 1, gated.stderr);
  assert.match(gated.stderr, /leak-private-address/);
});

test('same input, same feeds, pagers and search index, byte for byte', async () => {
  const [a, b] = [await built(), await built()];
  const files = await listTree(a);
  assert.deepEqual(await listTree(b), files);
  assert.ok(files.some((f) => f.startsWith('pagefind/fragment/')) && files.includes('page/2/index.html'));
  for (const file of files) assert.ok((await readFile(path.join(b, file))).equals(await readFile(path.join(a, file))), file);
});

test('an entry that enters a feed later carries the same article as in a cold build', async () => {
  // One entry a feed: only the newest keeps its article in the cache; deleting it brings the next one in.
  const config = `import { defineConfig } from 'galley';\nexport default defineConfig({ site: { baseUrl: 'https://example.org/' }, feeds: { limit: 1 } });\n`;
  const dir = await fixtureProject(overlay);
  await writeFile(path.join(dir, 'site.config.ts'), config);
  assert.equal((await runCli(['build'], dir, env)).code, 0);
  const records = await readFile(path.join(dir, '.galley/cache/records.json'), 'utf8');
  assert.equal(records.match(/"feed":/g)?.length, 1, 'only the article a feed carries is kept');
  await rm(path.join(dir, 'content/entries/newest.md'));
  const incremental = await runCli(['build'], dir, env);
  assert.equal(incremental.code, 0, incremental.stderr);
  const cold = await fixtureProject(overlay);
  await writeFile(path.join(cold, 'site.config.ts'), config);
  await rm(path.join(cold, 'content/entries/newest.md'));
  assert.equal((await runCli(['build', '--no-cache'], cold, env)).code, 0);
  for (const feed of ['atom.xml', 'feed.json', 'tags/base/atom.xml']) {
    const text = await readFile(path.join(dir, 'site', feed), 'utf8');
    assert.match(text, /The lede of the middle entry/, feed);
    assert.equal(text, await readFile(path.join(cold, 'site', feed), 'utf8'), feed);
  }
});
