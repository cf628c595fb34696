import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertNoProblems, chromiumSkip, launchChromium, visit, watchedPage } from '../helpers/browser.ts';
import { runCli } from '../helpers/run-cli.ts';
import { serveSite } from '../helpers/serve-site.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const repo = path.join(projectRoot, 'test/fixtures/docs/traps/two-clusters/repo');
const fleet = path.join(projectRoot, 'test/fixtures/fleet/fleet.json');

describe('docs book in Chromium', { skip: chromiumSkip ?? false }, () => {
  it('← and → walk every page in SUMMARY order under /docs/, search finds a job, JS off still shows the chapter', async () => {
    const root = await tempDir();
    const out = path.join(root, 'docs');
    const built = await runCli(['docs', '--cluster', repo, '--fleet', fleet, '--out', out], projectRoot, { ...process.env, SOURCE_DATE_EPOCH: '1700000000' });
    assert.equal(built.code, 0, built.stderr);
    const order = (JSON.parse(await readFile(path.join(out, 'searchindex.json'), 'utf8')) as { pages: { url: string }[] }).pages.map((p) => `/docs/${p.url}`);
    const site = await serveSite(root);
    const browser = await launchChromium();

    const watched = await watchedPage(browser);
    await visit(watched, `${site.url}${order[0]}`);
    const seen = [new URL(watched.page.url()).pathname];
    for (let i = 1; i < order.length; i++) {
      await Promise.all([watched.page.waitForURL((u) => u.pathname !== seen.at(-1)), watched.page.keyboard.press('ArrowRight')]);
      seen.push(new URL(watched.page.url()).pathname);
      // Let the page's icon load: pressing on at once aborts it, which the watcher reports.
      await watched.page.waitForLoadState('networkidle');
    }
    assert.deepEqual(seen.map((p) => p.replace(/\.html$/, '').replace(/\/index$/, '/')), order.map((p) => p.replace(/\.html$/, '').replace(/\/index$/, '/')));
    await Promise.all([watched.page.waitForURL((u) => u.pathname !== seen.at(-1)), watched.page.keyboard.press('ArrowLeft')]);
    await watched.page.waitForLoadState('networkidle');
    assert.equal(new URL(watched.page.url()).pathname.replace(/\.html$/, ''), order.at(-2)!.replace(/\.html$/, ''));

    await watched.page.keyboard.press('s');
    await watched.page.keyboard.type('restic');
    await watched.page.locator('#book-search-results li a').first().waitFor();
    assert.match(await watched.page.locator('#book-search-results').innerText(), /media server|studio workstation/);
    await mkdir(path.join(projectRoot, 'test/artifacts'), { recursive: true });
    await watched.page.screenshot({ path: path.join(projectRoot, 'test/artifacts/docs-book.png'), fullPage: false });
    assertNoProblems(watched, 'docs book');

    const noJs = await watchedPage(browser, { javaScriptEnabled: false });
    await visit(noJs, `${site.url}/docs/fleet/studio-workstation.html`);
    assert.match(await noJs.page.locator('main').innerText(), /Homebrew casks \(8\)/);
    assert.equal(await noJs.page.locator('.book-search').isVisible(), false);
    assertNoProblems(noJs, 'docs book without JavaScript');
  });
});
