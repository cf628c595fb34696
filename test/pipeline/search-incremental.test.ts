import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { generateCorpus } from '../../bench/corpus.ts';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// Pagefind cannot update an index: a warm build rebuilds only the index holding a changed, new or
// removed page, takes the others from the cache, and writes what a cold build writes.
const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

const searchHashes = (files: readonly { path: string; sha256: string }[]) => files.filter((f) => f.path.startsWith('pagefind/')).map((f) => `${f.path} ${f.sha256}`);
/** The index a file of `pagefind/` belongs to: `part-N`, or the first one's directory itself. */
const indexOf = (line: string) => /^pagefind\/(part-\d+)\//.exec(line)?.[1] ?? 'pagefind';

test('a warm build rebuilds only the search index of the changed page, and writes the bytes of a cold build', async () => {
  const root = path.join(await tempDir('galley-search-incremental-'), 'corpus');
  const coldDir = path.join(await tempDir('galley-search-cold-'), 'site');
  const entries = await generateCorpus(root, 30);
  await writeFile(path.join(root, 'site.config.ts'), 'export default { sharing: { cards: false }, search: { pagesPerIndex: 12 } };\n');
  const site = path.join(root, 'site');
  const build = async (label: string) => {
    const built = await buildSite({ root, outDir: site, env });
    assert.ok(built.ok && built.manifest, `${label}: ${JSON.stringify(built.findings.slice(0, 3))}`);
    return { search: built.stats.search, files: built.manifest.files };
  };

  const cold = await buildSite({ root, outDir: coldDir, env, cache: false });
  assert.ok(cold.ok && cold.manifest);
  const coldFiles = cold.manifest.files;
  const parts = JSON.parse(await readFile(path.join(coldDir, 'pagefind/parts.json'), 'utf8')) as string[];
  assert.deepEqual(parts, ['part-2/', 'part-3/'], 'three indexes of about 12 pages');
  assert.deepEqual(cold.stats.search, { built: 3, reused: 0 });

  const first = await build('first build');
  assert.deepEqual(first.search, { built: 3, reused: 0 });
  assert.deepEqual(first.files, coldFiles, 'the first cached build writes what the cold one does');

  // A sentence added to one entry's body: its index alone is built again.
  const file = path.join(root, 'content/entries', `${entries[17]!.slug}.md`);
  const original = await readFile(file, 'utf8');
  await writeFile(file, original.replace(/\n## /, '\nThe quartermaster keeps the zymurgical notes.\n\n## '));
  const changed = await build('one entry changed');
  assert.deepEqual(changed.search, { built: 1, reused: 2 });
  const moved = new Set(searchHashes(changed.files).filter((h) => !searchHashes(coldFiles).includes(h)).map(indexOf));
  assert.equal(moved.size, 1, `the files of one index changed: ${[...moved].join(', ')}`);

  // A new entry with a URL of its own, and the change reverted: again one index each.
  const added = path.join(root, 'content/entries', 'an-entry-added-later.md');
  await writeFile(added, original.replace(/^title: .*$/m, 'title: "An entry added later"'));
  const more = await build('one entry added');
  // Its URL sorts first: cut in URL order, every index would have moved.
  assert.deepEqual(more.search, { built: 1, reused: 2 });
  await rm(added);
  await writeFile(file, original);
  const reverted = await build('reverted');
  assert.deepEqual(searchHashes(reverted.files), searchHashes(coldFiles), 'reverted: the search index of the cold build, byte for byte');
  assert.deepEqual(reverted.files, coldFiles, 'reverted: every file of the cold build');

  // Only the indexes of the latest build stay in the cache.
  assert.equal((await readdir(path.join(root, '.galley/cache/search'))).length, 3);
});
