import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { Browser } from 'playwright-core';
import { generateCorpus } from '../../bench/corpus.ts';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { axeSource, describeViolations, seriousViolations } from '../helpers/axe.ts';
import { assertNoProblems, chromiumSkip, visit, watchedPage } from '../helpers/browser.ts';
import { serveSite } from '../helpers/serve-site.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { browserFixture } from './sample-site.ts';

// The reader's search, in Chromium under the site's self-only CSP: from any page, `/` goes to the
// header's box, Enter to the search page, which finds an entry by a word of its body and shows
// the word in context and the entry's date.
const skip = chromiumSkip;
const { site, browser } = await browserFixture();
const env = { ...process.env, SOURCE_DATE_EPOCH: '1795000000' };

/** Search `word` from the keyboard on `origin` + `from`; the results as the page shows them. */
async function searchFromKeyboard(b: Browser, origin: string, from: string, word: string) {
  const watched = await watchedPage(b);
  await visit(watched, origin + from);
  await watched.page.keyboard.press('/');
  assert.equal(await watched.page.evaluate(() => document.activeElement?.id), 'site-search-q', '/ focuses the header box');
  await watched.page.keyboard.type(word);
  await Promise.all([watched.page.waitForURL(/\/search\/\?q=/), watched.page.keyboard.press('Enter')]);
  await watched.page.locator('#search-results li').first().waitFor();
  const results = await watched.page.locator('#search-results li').evaluateAll((items) =>
    items.map((li) => ({
      url: new URL(li.querySelector('a')!.href).pathname,
      date: li.querySelector('time')?.getAttribute('datetime') ?? '',
      marked: [...li.querySelectorAll('.excerpt mark')].map((m) => m.textContent ?? ''),
    })),
  );
  await watched.page.waitForLoadState('networkidle');
  assertNoProblems(watched, `search for ${word}`);
  return { watched, results };
}

test('the sample site: / then a word of an entry body finds the entry, the word marked in context, with its date', { skip }, async () => {
  const { results } = await searchFromKeyboard(browser, site.url, '/tags/', 'HelmReleases');
  const hit = results.find((r) => r.url === '/entries/a-cluster-that-explains-itself/');
  assert.ok(hit, JSON.stringify(results));
  assert.match(hit.date, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(hit.marked.some((m) => /helmreleases/i.test(m)), JSON.stringify(hit));
});

test('the 60-entry generated site in three indexes of 25 pages: a word in one entry body finds that entry, words of all three are found', { skip }, async () => {
  const root = path.join(await tempDir('galley-search-'), 'corpus');
  const entries = await generateCorpus(root, 60);
  // Small indexes, so the merge of several (a large site's case) is what the reader gets.
  await writeFile(path.join(root, 'site.config.ts'), 'export default { search: { pagesPerIndex: 25 } };\n');
  const chosen = entries[37]!;
  const file = path.join(root, 'content/entries', `${chosen.slug}.md`);
  // A word no other entry has, in the middle of the body.
  await writeFile(file, (await readFile(file, 'utf8')).replace(/\n## /, '\nThe quartermaster keeps the zymurgical notes.\n\n## '));
  const out = path.join(root, 'site');
  const built = await buildSite({ root, outDir: out, env });
  assert.ok(built.ok, JSON.stringify(built.findings.slice(0, 3)));
  assert.equal((await readdir(path.join(out, 'entries'))).length, 60);
  assert.deepEqual(JSON.parse(await readFile(path.join(out, 'pagefind/parts.json'), 'utf8')), ['part-2/', 'part-3/']);
  const served = await serveSite(out);
  const { results, watched } = await searchFromKeyboard(browser, served.url, '/', 'zymurgical');
  assert.deepEqual(results.map((r) => r.url), [`/entries/${chosen.slug}/`]);
  assert.deepEqual(results[0]!.marked.map((m) => m.toLowerCase()), ['zymurgical']);
  assert.match(await watched.page.locator('#search-status').textContent() ?? '', /1 page mentions/);
  // A word of every entry's template is found in every index: all 60 entries, not one index's 25.
  const all = await searchFromKeyboard(browser, served.url, '/', 'skeptic');
  assert.match(await all.watched.page.locator('#search-status').textContent() ?? '', /^60 pages mention/);
});

test('the search page passes axe, and says how to search without JavaScript', { skip }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript({ content: axeSource });
  const violations = await seriousViolations(page, `${site.url}/search/?q=flux`);
  assert.deepEqual(violations, [], describeViolations(violations));
  const off = await browser.newContext({ javaScriptEnabled: false });
  const plain = await off.newPage();
  await plain.goto(`${site.url}/search/?q=flux`);
  assert.match(await plain.locator('main').innerText(), /needs JavaScript[\s\S]*site:/);
  await Promise.all([context.close(), off.close()]);
});
