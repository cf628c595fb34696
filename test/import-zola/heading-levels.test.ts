import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeBody } from '../../src/import-zola/analyze-body.ts';
import { applyEdits } from '../../src/import-zola/edit-text.ts';
import { headingLevels, levelEdits } from '../../src/import-zola/heading-levels.ts';

// Body → the body with galley's heading levels (the title is the only `#`, no level skipped).
const cases: [string, string][] = [
  ['## A\n\n### B\n', '## A\n\n### B\n'],
  ['# A\n\n## B\n\n# C\n', '## A\n\n### B\n\n## C\n'],
  ['# A\n\n### B\n', '## A\n\n### B\n'],
  ['## A\n\n#### B\n\n##### C\n', '## A\n\n### B\n\n#### C\n'],
  ['### Lede heading\n\ntext\n', '## Lede heading\n\ntext\n'],
  ['Title\n=====\n\nSub\n---\n', '## Title\n\n### Sub\n'],
  ['Two\nlines\n===\n', '## Two lines\n'],
  ['# A #\n\n> # Quoted\n', '## A #\n\n> ## Quoted\n'],
  ['###### Six\n', '## Six\n'],
];
for (const [body, expected] of cases) {
  test(`heading levels of ${JSON.stringify(body)}`, () => {
    const { headings } = analyzeBody(body);
    assert.equal(applyEdits(body, levelEdits(body, headingLevels(headings)), (l) => l).text, expected);
  });
}
