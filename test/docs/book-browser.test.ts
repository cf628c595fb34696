import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeSource, describeViolations, seriousViolations } from '../helpers/axe.ts';
import { assertNoProblems, chromiumSkip, launchChromium, visit, watchedPage } from '../helpers/browser.ts';
import { runCli } from '../helpers/run-cli.ts';
import { serveSite, type ServedSite } from '../helpers/serve-site.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { chapterOrder } from './book-helpers.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const repo = path.join(projectRoot, 'test/fixtures/docs/traps/two-clusters/repo');
const fleet = path.join(projectRoot, 'test/fixtures/fleet/fleet.json');

/** The two-cluster fixture and the fleet built into a book, served under /docs/, its pages in SUMMARY order. */
async function servedBook(): Promise<{ urls: string[]; site: ServedSite; browser: Browser }> {
  const root = await tempDir();
  const out = path.join(root, 'docs');
  const built = await runCli(['docs', '--cluster', repo, '--fleet', fleet, '--out', out], projectRoot, { ...process.env, SOURCE_DATE_EPOCH: '1700000000' });
  assert.equal(built.code, 0, built.stderr);
  const urls = (await chapterOrder(out)).map((p) => `/docs/${p.url}`);
  return { urls, site: await serveSite(root), browser: await launchChromium() };
}

describe('docs book in Chromium', { skip: chromiumSkip ?? false }, () => {
  it('← and → walk every page in SUMMARY order under /docs/, search finds a job, ? lists the keys, code has copy buttons, JS off still shows the chapter', async () => {
    const { urls: order, site, browser } = await servedBook();

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

    // s (and /) focus the box; the results come from the book's Pagefind index, with the word in context.
    await watched.page.keyboard.press('s');
    await watched.page.keyboard.type('restic');
    await watched.page.locator('#search-results li a').first().waitFor();
    const results = watched.page.locator('#search-results');
    assert.match(await results.innerText(), /media server|studio workstation/i);
    assert.match((await results.locator('.excerpt mark').first().innerText()).toLowerCase(), /restic/);
    // A result leads to its chapter under the book's prefix.
    const href = await results.locator('li a').first().getAttribute('href');
    assert.match(href ?? '', /^\/docs\/fleet\/[a-z-]+\.html$/);
    await watched.page.keyboard.press('Escape');
    await watched.page.keyboard.press('/');
    assert.equal(await watched.page.evaluate(() => document.activeElement?.id), 'search-q', '/ focuses the box too');
    await mkdir(path.join(projectRoot, 'test/artifacts'), { recursive: true });
    await watched.page.screenshot({ path: path.join(projectRoot, 'test/artifacts/docs-book.png'), fullPage: false });

    // `?` lists the keys in a modal dialog (Esc leaves the search first, then closes the dialog).
    await watched.page.keyboard.press('Escape');
    await watched.page.keyboard.press('?');
    const keys = watched.page.locator('#book-keys');
    await keys.waitFor({ state: 'visible' });
    assert.match(await keys.innerText(), /previous or next chapter[\s\S]*s or \/\s*search the book/);
    await watched.page.keyboard.press('Escape');
    await keys.waitFor({ state: 'hidden' });

    // A hand-written chapter's code block gets the entries' copy button.
    await visit(watched, `${site.url}/docs/how-this-book-is-made.html`);
    const copyButtons = watched.page.locator('.code-block .copy-code');
    assert.ok(await copyButtons.count() > 0, 'a copy button on each code block');
    assertNoProblems(watched, 'docs book');

    const noJs = await watchedPage(browser, { javaScriptEnabled: false });
    await visit(noJs, `${site.url}/docs/fleet/studio-workstation.html`);
    assert.match(await noJs.page.locator('main').innerText(), /Homebrew casks \(8\)/);
    assert.equal(await noJs.page.locator('.book-search').isVisible(), false);
    assert.match(await noJs.page.locator('.book-sidebar').innerText(), /Search needs JavaScript; the whole book on one page can be searched/);
    assertNoProblems(noJs, 'docs book without JavaScript');
  });

  it('at 1280 and 390 px every page, role and cluster pages included, passes axe under the CSP and fits the screen; ? lists the keys and Copy copies', async () => {
    const { urls, site, browser } = await servedBook();
    const role = '/docs/fleet/media-server.html';
    const cluster = '/docs/cluster/blue/index.html';
    for (const url of [role, cluster, '/docs/cluster/blue/layer-1.html']) assert.ok(urls.includes(url), `${url} is a page of the book`);
    for (const width of [1280, 390]) {
      const watched = await watchedPage(browser, { viewport: { width, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
      await watched.page.addInitScript({ content: axeSource });
      for (const url of urls) {
        const violations = await seriousViolations(watched.page, `${site.url}${url}`);
        assert.equal(violations.length, 0, `${url} at ${width} px:\n${describeViolations(violations)}`);
        // Wide tables scroll inside their region; the page itself never scrolls sideways.
        assert.equal(await watched.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true, `${url} at ${width} px is wider than the screen`);
      }
      for (const url of [role, cluster]) {
        await visit(watched, `${site.url}${url}`);
        await watched.page.keyboard.press('?');
        const keys = watched.page.locator('#book-keys');
        await keys.waitFor({ state: 'visible' });
        const box = await keys.boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= width, `the keys dialog on ${url} fits ${width} px`);
        await watched.page.keyboard.press('Escape');
        await keys.waitFor({ state: 'hidden' });
      }
      await visit(watched, `${site.url}/docs/how-this-book-is-made.html`);
      const block = watched.page.locator('.code-block').first();
      await block.locator('.copy-code').click();
      await block.locator('.copy-code', { hasText: 'Copied' }).waitFor();
      assert.equal(await watched.page.evaluate(() => navigator.clipboard.readText()), await block.locator('pre > code').textContent());
      assertNoProblems(watched, `docs book at ${width} px`);
    }
  });

  // A real cluster's tables: hyphenated identifiers (`cert-manager`, `envoy-gateway-system`).
  const corpusRepo = path.resolve(projectRoot, '../shared/corpus/gitops/fluxcd-flux2-kustomize-helm-example');
  it('tables keep identifiers on one line at 1280 and 390 px; a narrow screen scrolls the table, not the page', { skip: existsSync(corpusRepo) ? false : 'the shared GitOps corpus is not beside the project' }, async () => {
    const root = await tempDir();
    const out = path.join(root, 'docs');
    const built = await runCli(['docs', '--cluster', corpusRepo, '--fleet', fleet, '--out', out], projectRoot, { ...process.env, SOURCE_DATE_EPOCH: '1700000000' });
    assert.equal(built.code, 0, built.stderr);
    const pages = (await chapterOrder(out)).map((p) => `/docs/${p.url}`);
    const site = await serveSite(root);
    const browser = await launchChromium();
    await mkdir(path.join(projectRoot, 'test/artifacts'), { recursive: true });
    for (const width of [1280, 390]) {
      const watched = await watchedPage(browser, { viewport: { width, height: 900 } });
      let scrolling = 0;
      for (const url of pages) {
        await visit(watched, `${site.url}${url}`);
        const layout = await watched.page.evaluate(() => {
          const content = document.querySelector('#content')!;
          const regions = [...document.querySelectorAll<HTMLElement>('.table-scroll')];
          return {
            pageWidth: document.documentElement.scrollWidth,
            viewport: window.innerWidth,
            tables: document.querySelectorAll('#content table').length,
            regions: regions.map((r) => ({
              role: r.getAttribute('role'), tabIndex: r.tabIndex, label: r.getAttribute('aria-label') ?? '',
              hasTable: r.querySelector(':scope > table') !== null,
              fillsColumn: Math.abs(r.clientWidth - content.clientWidth) <= 1,
              scrolls: r.scrollWidth > r.clientWidth,
            })),
            // An inline box that wraps has one client rect per line.
            wrapped: [...document.querySelectorAll('#content td code, #content th')].filter((el) => el.getClientRects().length > 1).map((el) => el.textContent),
          };
        });
        assert.ok(layout.pageWidth <= layout.viewport, `${url} at ${width}px: the page scrolls sideways (${layout.pageWidth} > ${layout.viewport})`);
        assert.deepEqual(layout.wrapped, [], `${url} at ${width}px: identifiers wrapped inside`);
        assert.equal(layout.regions.length, layout.tables, `${url}: every table sits in a scrolling region`);
        for (const r of layout.regions) {
          assert.deepEqual([r.role, r.tabIndex, r.hasTable, r.fillsColumn], ['region', 0, true, true], `${url}: region ${r.label}`);
          assert.ok(r.label.length > 0, `${url}: a region without a label`);
        }
        scrolling += layout.regions.filter((r) => r.scrolls).length;
      }
      if (width === 390) {
        assert.ok(scrolling > 0, 'at 390 px no table is wider than the screen: the check would prove nothing');
        // The app table of a layer page scrolls with the keyboard once focused: Tab reaches it,
        // and → scrolls it instead of turning the page.
        const layer = `${site.url}/docs/cluster/production/layer-1.html`;
        await visit(watched, layer);
        const labels: string[] = [];
        for (let i = 0; i < 60 && !labels.at(-1)?.includes(': app,'); i++) {
          await watched.page.keyboard.press('Tab');
          labels.push(await watched.page.evaluate(() => document.activeElement?.closest('.table-scroll')?.getAttribute('aria-label') ?? ''));
        }
        assert.match(labels.at(-1)!, /: app, namespace, chart, version, source, secret stores$/, 'Tab never reached the app table');
        await watched.page.keyboard.press('ArrowRight');
        await watched.page.waitForFunction(() => document.querySelector('.table-scroll:focus')!.scrollLeft > 0);
        assert.equal(watched.page.url(), layer);
      } else {
        assert.equal(scrolling, 0, 'at 1280 px a table needs scrolling');
        await visit(watched, `${site.url}/docs/cluster/production/layer-1.html`);
      }
      await watched.page.locator('.table-scroll').last().scrollIntoViewIfNeeded();
      await watched.page.screenshot({ path: path.join(projectRoot, `test/artifacts/docs-book-tables-${width}.png`) });
      assertNoProblems(watched, `docs book tables at ${width}px`);
    }
  });
});

