import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { BLOCK_KINDS, countBlocks } from '../../src/import-zola/count-blocks.ts';
import { importZolaSite } from '../../src/import-zola/import-site.ts';
import { splitFrontMatter } from '../../src/import-zola/split-front-matter.ts';
import { listTree } from '../../src/output/list-tree.ts';
import { fixtureSites } from './helpers.ts';

// Rows that account for a part of a body that is not in the import, each at its file and line.
const ACCOUNTED = new Set(['import-content-lost', 'import-link-missing', 'import-section-content']);

for (const site of fixtureSites) {
  // Every heading, paragraph, list, table, code block and image of the Zola bodies is in an
  // imported file, or a report row names it: counted per file and kind, source against output.
  test(`${site.name}: nothing of a body is dropped unreported`, async () => {
    const input = path.join(site.dir, 'input');
    const result = await importZolaSite(input);
    const findings = result.log.findings();
    const files = (await listTree(path.join(input, 'content'))).filter((f) => f.endsWith('.md')).map((f) => `content/${f}`);
    let compared = 0;
    for (const file of files) {
      const body = splitFrontMatter(await readFile(path.join(input, file), 'utf8')).body;
      const before = countBlocks(body);
      const imported = result.entries.find((e) => e.from === file);
      const rows = findings.filter((f) => f.file === file && ACCOUNTED.has(f.ruleId));
      if (imported) {
        const after = countBlocks(splitFrontMatter(imported.source).body);
        for (const kind of BLOCK_KINDS) {
          const reported = rows.filter((r) => (kind === 'image' ? r.ruleId === 'import-link-missing' : r.ruleId === 'import-content-lost' && r.message.includes(` ${kind}(s) `))).length;
          assert.ok(after[kind] + reported >= before[kind], `${file}: ${after[kind]} of ${before[kind]} ${kind}s imported, ${reported} reported`);
          compared += before[kind];
        }
        continue;
      }
      // Not imported: the site's index (its blocks reported one by one), or text Zola does not show.
      const blocks = BLOCK_KINDS.reduce((n, k) => n + before[k], 0);
      if (blocks === 0) continue;
      const noted = result.log.rows.filter((r) => r.file === file && (r.status === 'needs-person' || /not carried over/.test(r.detail)));
      assert.ok(noted.length > 0, `${file}: its text is in the report`);
    }
    assert.ok(compared >= 20, `the fixture has many blocks to compare (${compared})`);
  });
}

test('the docs fixture: the index text is reported block by block, the redirecting section once', async () => {
  const result = await importZolaSite(path.join(fixtureSites[1]!.dir, 'input'));
  const rows = (file: string): string[] => result.log.rows.filter((r) => r.file === file && r.status !== 'imported').map((r) => `${r.status} ${r.line} ${r.subject}`);
  assert.deepEqual(rows('content/_index.md'), ['needs-person 4 heading of the index', 'needs-person 6 paragraph of the index']);
  assert.deepEqual(rows('content/docs/reference/_index.md'), ['aliased 3 /docs/reference/', 'converted 1 section text']);
  assert.deepEqual(result.entries.map((e) => `${e.kind} ${e.from} → ${e.file}`).sort(), [
    'entry content/news/2024-02-01-release.md → content/entries/release.md',
    'page content/docs/_index.md → content/pages/docs/index.md',
    'page content/docs/getting-started/_index.md → content/pages/docs/getting-started/index.md',
    'page content/docs/getting-started/configure.md → content/pages/docs/getting-started/configure.md',
    'page content/docs/getting-started/install.md → content/pages/docs/getting-started/install.md',
    'page content/docs/reference/cli.md → content/pages/docs/reference/cli.md',
  ]);
});
