import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { fixtureProject } from '../helpers/fixture-project.ts';
import { pngChunks, pngSize } from './png.ts';

const site = path.join(import.meta.dirname, 'project');
const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

/** The built cards by path, with their bytes. */
async function cardsOf(outDir: string, manifest: { files: { path: string }[] } | undefined): Promise<Map<string, Buffer>> {
  const cards = manifest!.files.map((f) => f.path).filter((f) => f.startsWith('assets/cards/'));
  return new Map(await Promise.all(cards.map(async (c) => [c, await readFile(path.join(outDir, c))] as const)));
}

test('cards are drawn once: a warm build, and a build into an empty output, draw none; a new title draws one', async () => {
  const dir = await fixtureProject(site);
  const cold = await buildSite({ root: dir, env });
  assert.ok(cold.ok, JSON.stringify(cold.findings));
  assert.equal(cold.stats.cards, 6);
  const drawn = await cardsOf(cold.outDir, cold.manifest);

  // The body changed, so every page renders again; the cards' text did not.
  const entry = path.join(dir, 'content/entries/without-image.md');
  await writeFile(entry, (await readFile(entry, 'utf8')).replace('has no picture at all', 'still has no picture'));
  const warm = await buildSite({ root: dir, env });
  assert.equal(warm.stats.cards, 0, 'a card whose text is unchanged is not drawn again');

  await rm(cold.outDir, { recursive: true });
  const emptied = await buildSite({ root: dir, env });
  assert.equal(emptied.stats.cards, 0, 'a card the output lost comes from the build cache');
  assert.deepEqual(await cardsOf(emptied.outDir, emptied.manifest), drawn);

  await writeFile(entry, (await readFile(entry, 'utf8')).replace('title: An entry drawn as a card', 'title: An entry drawn as a new card'));
  const retitled = await buildSite({ root: dir, env });
  assert.equal(retitled.stats.cards, 1, 'only the retitled entry’s card is drawn');
  const names = [...(await cardsOf(retitled.outDir, retitled.manifest)).keys()];
  assert.equal(names.filter((n) => !drawn.has(n)).length, 1, 'under a new name: the old one may be cached as immutable');
});

test('a card is the same bytes in every build: no cache, another output, 1200×630, no time or text chunk', async () => {
  const builds = [];
  for (const out of ['one', 'two']) {
    const dir = await fixtureProject(site);
    const built = await buildSite({ root: dir, env, cache: false, outDir: path.join(dir, out) });
    assert.ok(built.ok, JSON.stringify(built.findings));
    builds.push(await cardsOf(built.outDir, built.manifest));
  }
  assert.deepEqual(builds[0], builds[1]);
  for (const [name, bytes] of builds[0]!) {
    assert.deepEqual(pngSize(bytes), { width: 1200, height: 630 }, name);
    assert.deepEqual(pngChunks(bytes), ['IHDR', 'IDAT', 'IEND'], name);
  }
});

test('sharing config: cards off leaves a page without an image with the small summary card; the site name and handle are set', async () => {
  const dir = await fixtureProject(site);
  await writeFile(
    path.join(dir, 'site.config.ts'),
    `import { defineConfig } from 'galley';\nexport default defineConfig({ site: { title: 'Sharing case', baseUrl: 'https://galley.example/' }, sharing: { cards: false, siteName: 'The Proof', twitter: '@proof' } });\n`,
  );
  const built = await buildSite({ root: dir, env });
  assert.ok(built.ok, JSON.stringify(built.findings));
  assert.deepEqual([...(await cardsOf(built.outDir, built.manifest)).keys()], []);
  const bare = await readFile(path.join(built.outDir, 'entries/without-image/index.html'), 'utf8');
  assert.ok(bare.includes('<meta name="twitter:card" content="summary">'), bare);
  assert.ok(!bare.includes('og:image'), 'no image without a card');
  assert.ok(bare.includes('<meta property="og:site_name" content="The Proof">'));
  assert.ok(bare.includes('<meta name="twitter:site" content="@proof">'));
  const pictured = await readFile(path.join(built.outDir, 'entries/with-image/index.html'), 'utf8');
  assert.ok(pictured.includes('<meta name="twitter:card" content="summary_large_image">'), 'an entry’s own image is still shown large');
});

test('galley check (a build that writes nothing) draws no card: a card holds no finding', async () => {
  const dir = await fixtureProject(site);
  const checked = await buildSite({ root: dir, env, write: false });
  assert.ok(checked.ok, JSON.stringify(checked.findings));
  assert.equal(checked.stats.cards, 0);
});
