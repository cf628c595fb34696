// The section and placeholder lint over one source at a time, through the same entry and page
// processing a build runs, without the build around it. Each folder of fixtures/ is one case:
// `input.md` (an entry, or a page when the folder starts with `page-`), `expected.json` with the
// exact findings (place, rule id, message and hint: the wording is a contract), and optionally
// `sections.json`, the config's `sections`.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { configSchema } from '../../src/config/schema.ts';
import { processEntry } from '../../src/pipeline/process-entry.ts';
import { processPage } from '../../src/pipeline/process-page.ts';
import type { RenderContext } from '../../src/render/render-context.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');

function context(sections: unknown): RenderContext {
  const asset = '/assets/x.css';
  return {
    config: configSchema.parse({ sections }),
    assets: { css: asset, feedCss: asset, icon: asset, htmx: { url: asset, integrity: 'sha384-x' }, alias: asset, search: asset, readingAids: { css: asset, script: asset } },
    provenance: { sourceCommit: null, sourceDirty: false, buildTime: '2026-12-01T00:00:00.000Z', generatorVersion: '0.1.0' },
    drafts: false,
  };
}

for (const name of readdirSync(fixtures).sort()) {
  const dir = path.join(fixtures, name);
  test(`lint fixture ${name}`, async () => {
    const text = await readFile(path.join(dir, 'input.md'), 'utf8');
    const sectionsPath = path.join(dir, 'sections.json');
    const ctx = context(existsSync(sectionsPath) ? JSON.parse(await readFile(sectionsPath, 'utf8')) : {});
    const page = name.startsWith('page-');
    const result = page ? processPage('content/pages/case.md', text, ctx) : processEntry('content/entries/case.md', text, ctx);
    const findings = result.findings.map(({ line, column, ruleId, source, message, hint }) => ({ line, column, ruleId, source, message, hint }));
    assert.deepEqual(findings, JSON.parse(await readFile(path.join(dir, 'expected.json'), 'utf8')));
  });
}
