// Golden output of the reading aids, one fixture folder per language and per code-block option:
// `input.md`, optional `options.json` (the site's `markdown` slice), `expected.html` (the body
// as rendered, notes last) and `expected.json` (the findings). `UPDATE_GOLDEN=1` rewrites the
// expectations; review the diff before committing it.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { configSchema } from '../../src/config/schema.ts';
import { assignHeadingIds } from '../../src/markdown/heading-ids.ts';
import { parseMarkdown } from '../../src/markdown/parse-markdown.ts';
import { collectFindings } from '../../src/report/collect.ts';
import { renderBody } from '../../src/render/render-body.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const update = process.env.UPDATE_GOLDEN === '1';

for (const name of readdirSync(fixtures).sort()) {
  const dir = path.join(fixtures, name);
  test(`reading aids golden: ${name}`, async () => {
    const file = new VFile({ path: 'input.md', value: await readFile(path.join(dir, 'input.md'), 'utf8') });
    const optionsPath = path.join(dir, 'options.json');
    const markdown = configSchema.shape.markdown.parse(existsSync(optionsPath) ? JSON.parse(await readFile(optionsPath, 'utf8')) : {});
    const tree = parseMarkdown(file);
    assignHeadingIds(tree, file);
    const { body, footnotes } = renderBody(tree, file, markdown, { table: {}, pageUrl: '/entries/input/', source: 'input.md', publicDir: 'public', budget: Infinity });
    const html = toHtml({ type: 'root', children: [...body.children, ...(footnotes ? [footnotes] : [])] }) + '\n';
    const findings = collectFindings([file]).map(({ line, column, severity, ruleId, message, hint }) => ({ line, column, severity, ruleId, message, hint }));
    const json = JSON.stringify(findings, null, 2) + '\n';
    if (update) {
      await writeFile(path.join(dir, 'expected.html'), html);
      await writeFile(path.join(dir, 'expected.json'), json);
    }
    assert.equal(html, await readFile(path.join(dir, 'expected.html'), 'utf8'));
    assert.deepEqual(findings, JSON.parse(await readFile(path.join(dir, 'expected.json'), 'utf8')));
    assert.doesNotMatch(html, /\sstyle=/, 'classes only, never an inline style');
  });
}
