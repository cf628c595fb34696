import assert from 'node:assert/strict';
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { axeSource, describeViolations, seriousViolations } from '../helpers/axe.ts';
import { assertNoProblems, chromiumSkip, launchChromium, visit, watchedPage } from '../helpers/browser.ts';
import { fixtureProject } from '../helpers/fixture-project.ts';
import { serveSite } from '../helpers/serve-site.ts';

// A page of content/pages/ in Chromium, served like the sample site: under the self-only CSP
// with no console error, failed request or violation; axe-clean in both schemes; its reading aids work.
const skip = chromiumSkip;

const PAGE = `---
title: About this site
subtitle: Who writes it, and how
updated: 2026-03-04
---
This site is written by one person. Its entries are in [the index](/), one of them
[from its second section](/entries/base/#second-section).[^why]

## How it is built

\`\`\`sh title="build.sh"
export SOURCE_DATE_EPOCH="1795000000" && galley build --drafts
\`\`\`

| Part | Where |
| --- | --- |
| Pages | \`content/pages/\` |

## How to write in

By letter; see [how it is built](#how-it-is-built).

[^why]: Because a page needs no editorial template.
`;

async function servedPage(): Promise<{ url: string; server: string }> {
  const dir = await fixtureProject();
  await mkdir(path.join(dir, 'content/pages'), { recursive: true });
  await writeFile(path.join(dir, 'content/pages/about.md'), PAGE);
  const result = await buildSite({ root: dir, env: { ...process.env, SOURCE_DATE_EPOCH: '1795000000' } });
  assert.ok(result.ok, JSON.stringify(result.findings));
  return serveSite(result.outDir);
}

const [site, browser] = skip ? [undefined, undefined] : await Promise.all([servedPage(), launchChromium()]);

test('a page loads clean under the CSP, with its contents, anchors, highlighted code and notes', { skip }, async (t) => {
  t.diagnostic(`site served by ${site!.server}`);
  const watched = await watchedPage(browser!);
  const response = await visit(watched, `${site!.url}/about/`);
  assert.equal(response?.status(), 200);
  const { page } = watched;
  assert.equal(await page.locator('h1').textContent(), 'About this site');
  assert.deepEqual(await page.locator('nav.toc a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))), ['#how-it-is-built', '#how-to-write-in']);
  assert.ok(await page.locator('pre [class^="hljs-"]').count(), 'code highlighted at build time');
  assert.ok(await page.locator('section[data-footnotes] a[data-footnote-backref]').count(), 'notes with a link back');
  assert.match((await page.locator('.provenance').textContent()) ?? '', /^Built from .* by galley /);
  await page.locator('nav.toc a[href="#how-to-write-in"]').click();
  assert.equal(new URL(page.url()).hash, '#how-to-write-in');
  assert.equal(await page.locator('[data-section]').count(), 0, 'none of the editorial parts');
  assertNoProblems(watched, 'page');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe-core: no serious or critical violation on a page (${colorScheme})`, { skip }, async () => {
    const watched = await watchedPage(browser!, { colorScheme });
    await watched.page.addInitScript({ content: axeSource });
    const violations = await seriousViolations(watched.page, `${site!.url}/about/`);
    assert.equal(violations.length, 0, describeViolations(violations));
    assertNoProblems(watched, 'axe run');
  });
}
