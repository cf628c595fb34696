// Diagrams drawn at build time, one fixture folder per case: `input.md` and `expected.json` with
// the number of drawn SVGs, the findings (line, column, rule id), strings the rendered body must
// hold and strings its drawings must not. Every case is also drawn twice and must give the same bytes.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { configSchema } from '../../src/config/schema.ts';
import { drawDiagrams, type DiagramStore } from '../../src/diagrams/draw-diagrams.ts';
import type { DrawnDiagram } from '../../src/diagrams/diagram-key.ts';
import { findDiagrams } from '../../src/diagrams/find-diagrams.ts';
import { parseMarkdown } from '../../src/markdown/parse-markdown.ts';
import { collectFindings } from '../../src/report/collect.ts';
import { renderBody } from '../../src/render/render-body.ts';

interface Expected {
  svgs: number;
  findings: { line: number; column: number; ruleId: string }[];
  contains: string[];
  /** Not in any `<svg>` (the source below a drawing holds what the author wrote). */
  absentFromDrawings: string[];
}

const fixtures = path.join(import.meta.dirname, 'fixtures');
const markdown = configSchema.shape.markdown.parse({});

async function render(text: string, store?: DiagramStore) {
  const file = new VFile({ path: 'input.md', value: text });
  const { diagrams, drawn } = await drawDiagrams(findDiagrams('input.md', text), store);
  const { body } = renderBody(parseMarkdown(file), file, markdown, { table: {}, pageUrl: '/entries/input/', source: 'input.md', publicDir: 'public', budget: Infinity }, diagrams);
  const findings = collectFindings([file]).map(({ line, column, ruleId }) => ({ line, column, ruleId }));
  return { html: toHtml(body), findings, drawn };
}

for (const name of readdirSync(fixtures).sort()) {
  test(`diagram fixture ${name}`, async () => {
    const dir = path.join(fixtures, name);
    const text = await readFile(path.join(dir, 'input.md'), 'utf8');
    const expected = JSON.parse(await readFile(path.join(dir, 'expected.json'), 'utf8')) as Expected;
    const { html, findings } = await render(text);
    assert.deepEqual(findings, expected.findings);
    assert.equal(html.match(/<svg\b/g)?.length ?? 0, expected.svgs, html);
    assert.doesNotMatch(html, /\sstyle=/, 'no inline style: the CSP allows none');
    assert.doesNotMatch(html, /<script|\son\w+=/i, 'no script, no event handler');
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(new Set(ids).size, ids.length, 'every id once on the page');
    for (const s of expected.contains) assert.ok(html.includes(s), `should contain ${s}`);
    const drawings = [...html.matchAll(/<svg\b[\s\S]*?<\/svg>/g)].map((m) => m[0]).join('\n');
    for (const s of expected.absentFromDrawings) assert.ok(!drawings.includes(s), `must not contain ${s}`);
    assert.equal((await render(text)).html, html, 'the same source gives the same bytes');
  });
}

test('a diagram drawn once is taken from the store: a warm build draws nothing', async () => {
  const map = new Map<string, DrawnDiagram>();
  const store: DiagramStore = { get: (k) => map.get(k), set: (k, v) => void map.set(k, v) };
  const text = await readFile(path.join(fixtures, 'dot-clip-ids/input.md'), 'utf8');
  const cold = await render(text, store);
  assert.equal(cold.drawn, 2);
  const warm = await render(text, store);
  assert.equal(warm.drawn, 0);
  assert.equal(warm.html, cold.html);
  const edited = await render(text.replace('c -> d', 'c -> e'), store);
  assert.equal(edited.drawn, 1, 'only the edited diagram is drawn again');
});

test('a source without a diagram fence is not parsed for diagrams', () => {
  assert.deepEqual(findDiagrams('a.md', 'Text with `dot` and\n\n```sh\ndot -Tsvg\n```\n'), []);
});

test('without Chromium a Mermaid block is an error at its fence that says so, and is not remembered; dot still draws', async () => {
  const saved = process.env.GALLEY_CHROMIUM;
  process.env.GALLEY_CHROMIUM = path.join(fixtures, 'no-such-chromium');
  try {
    const map = new Map<string, DrawnDiagram>();
    const store: DiagramStore = { get: (k) => map.get(k), set: (k, v) => void map.set(k, v) };
    const { findings, html } = await render('Text.\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\n```dot\ndigraph { a -> b }\n```\n', store);
    assert.deepEqual(findings, [{ line: 3, column: 1, ruleId: 'diagram-renderer-missing' }]);
    assert.equal(html.match(/<svg\b/g)?.length, 1);
    assert.equal(map.size, 1, 'only the drawn dot diagram is kept');
  } finally {
    if (saved === undefined) delete process.env.GALLEY_CHROMIUM;
    else process.env.GALLEY_CHROMIUM = saved;
  }
});
