import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VFile } from 'vfile';
import { analyzeBody } from '../../src/import-zola/analyze-body.ts';
import { applyEdits } from '../../src/import-zola/edit-text.ts';
import { keepHeadingIds, zolaHeadingIds } from '../../src/import-zola/heading-ids.ts';
import type { SlugifyStrategy } from '../../src/import-zola/zola-slugs.ts';
import { assignHeadingIds } from '../../src/markdown/heading-ids.ts';
import { parseMarkdown } from '../../src/markdown/parse-markdown.ts';

// Zola's heading ids (markdown.rs: explicit ids reserved first, then slugs made unique in order),
// and the `{#id}` the import writes where galley's own id would differ.
const cases: { body: string; strategy: SlugifyStrategy; ids: string[]; out?: string }[] = [
  { body: '## Example\n\n## Example\n\n## Example', strategy: 'on', ids: ['example', 'example-1', 'example-2'] },
  { body: '## Notes\n\n## Other {#notes}', strategy: 'on', ids: ['notes-1', 'notes'], out: '## Notes {#notes-1}\n\n## Other {#notes}' },
  // Zola leaves inline HTML out of the id; galley's text keeps it, so the id is written out.
  { body: '## 東京の夜景\n\n### The `cache` <em>line</em>', strategy: 'on', ids: ['dong-jing-noye-jing', 'the-cache-line'], out: '## 東京の夜景\n\n### The `cache` <em>line</em> {#the-cache-line}' },
  { body: "## The skeptic's view\n\n## Two  words ##", strategy: 'safe', ids: ["The_skeptic's_view", 'Two__words'], out: "## The skeptic's view {#The_skeptic's_view}\n\n## Two  words {#Two__words} ##" },
];

for (const c of cases) {
  test(`heading ids (${c.strategy}) of ${JSON.stringify(c.body)}`, () => {
    const outline = analyzeBody(c.body);
    const ids = zolaHeadingIds(outline.headings, c.strategy);
    assert.deepEqual(ids, c.ids);
    const out = applyEdits(c.body, keepHeadingIds(outline.headings, ids), (l) => l + 1).text;
    assert.equal(out, c.out ?? c.body);
    // galley's own heading ids on the imported text are Zola's.
    const file = new VFile({ value: out });
    assert.deepEqual(assignHeadingIds(parseMarkdown(file), file).map((h) => h.id), ids);
  });
}
