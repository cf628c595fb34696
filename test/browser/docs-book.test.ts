import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { axeSource, describeViolations, seriousViolations } from '../helpers/axe.ts';
import { assertNoProblems, chromiumSkip, launchChromium, visit, watchedPage } from '../helpers/browser.ts';
import { runCli } from '../helpers/run-cli.ts';
import { serveSite } from '../helpers/serve-site.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { chapterOrder } from '../docs/book-helpers.ts';

// The docs book's print page and accessibility (page turning, search and JS-off reading are in
// test/docs/book-browser.test.ts).
const projectRoot = path.resolve(import.meta.dirname, '../..');
const repo = path.join(projectRoot, 'test/fixtures/docs/traps/two-clusters/repo');
const fleet = path.join(projectRoot, 'test/fixtures/fleet/fleet.json');

describe('docs book: print page and accessibility in Chromium', { skip: chromiumSkip ?? false }, () => {
  it('print.html lays out every chapter; docs pages have no serious or critical axe violation', async (t) => {
    const root = await tempDir();
    const out = path.join(root, 'docs');
    const built = await runCli(['docs', '--cluster', repo, '--fleet', fleet, '--out', out], projectRoot, { ...process.env, SOURCE_DATE_EPOCH: '1700000000' });
    assert.equal(built.code, 0, built.stderr);
    const chapters = await chapterOrder(out);
    assert.ok(chapters.length >= 3, 'the book has chapters');
    const site = await serveSite(root);
    t.diagnostic(`book served by ${site.server}`);
    const browser = await launchChromium();

    const print = await watchedPage(browser);
    await visit(print, `${site.url}/docs/print.html`);
    const printed = await print.page.locator('body').innerText();
    for (const page of chapters) assert.ok(printed.includes(page.title), `print.html should hold the chapter “${page.title}”`);
    const sidebar = print.page.locator('nav.book-sidebar');
    assert.equal(await sidebar.isVisible(), true, 'the print page has the sidebar on screen');
    await print.page.emulateMedia({ media: 'print' });
    assert.equal(await sidebar.isVisible(), false, 'no sidebar in print');
    assertNoProblems(print, 'print.html');

    for (const colorScheme of ['light', 'dark'] as const) {
      const watched = await watchedPage(browser, { colorScheme });
      await watched.page.addInitScript({ content: axeSource });
      for (const page of chapters.slice(0, 3)) {
        const violations = await seriousViolations(watched.page, `${site.url}/docs/${page.url}`);
        assert.equal(violations.length, 0, `${page.url} (${colorScheme}):\n${describeViolations(violations)}`);
      }
      assertNoProblems(watched, `axe on the book (${colorScheme})`);
    }
  });
});
