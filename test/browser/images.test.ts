import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { axeSource, describeViolations, seriousViolations } from '../helpers/axe.ts';
import { assertNoProblems, chromiumSkip, launchChromium, watchedPage } from '../helpers/browser.ts';
import { imageProject } from '../helpers/image-project.ts';
import { serveSite } from '../helpers/serve-site.ts';

// Issue 25: the processed images in Chromium, served like the site, at a desktop's and a
// phone's width. The image responses are held until the page has painted, so they really
// arrive after first paint: with width and height the layout does not move (cumulative layout
// shift 0), the <picture> picks AVIF or WebP, and the page stays CSP- and axe-clean.
const skip = chromiumSkip;

async function servedImages(): Promise<string> {
  const root = await imageProject();
  const result = await buildSite({ root, env: { ...process.env, SOURCE_DATE_EPOCH: '1795000000' } });
  assert.ok(result.ok, JSON.stringify(result.findings));
  return (await serveSite(result.outDir)).url;
}

const [site, browser] = skip ? [undefined, undefined] : await Promise.all([servedImages(), launchChromium()]);

for (const width of [1280, 390]) {
  test(`images at ${width} px: loaded after first paint with no layout shift, AVIF or WebP chosen, no CSP violation`, { skip }, async () => {
    const watched = await watchedPage(browser!, { viewport: { width, height: 800 } });
    const { page } = watched;
    let release!: () => void;
    const painted = new Promise<void>((resolve) => (release = resolve));
    const held: string[] = [];
    await page.route('**/assets/img/**', async (route) => {
      held.push(route.request().url());
      await painted;
      await route.continue();
    });
    await page.addInitScript(() => {
      const w = window as unknown as { shift: number };
      w.shift = 0;
      new PerformanceObserver((list) => list.getEntries().forEach((e) => (w.shift += (e as unknown as { value: number }).value))).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${site}/entries/network/`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint'));
    assert.ok(held.length > 0, 'an image was asked for before the page painted');
    const before = await page.evaluate(() => [...document.images].filter((i) => i.complete && i.naturalWidth > 0).length);
    assert.equal(before, 0, 'no image had loaded at first paint');
    release();
    // The lazy ones load when they come near the viewport.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
    await page.waitForLoadState('networkidle');
    const shift = await page.evaluate(() => (window as unknown as { shift: number }).shift);
    assert.equal(shift, 0, 'cumulative layout shift while the images loaded');
    const chosen = await page.evaluate(() => [...document.querySelectorAll('picture img')].map((i) => (i as HTMLImageElement).currentSrc));
    assert.equal(chosen.length, 3);
    for (const src of chosen) assert.match(src, /\/assets\/img\/[^/]+\.[0-9a-f]{8}\.(avif|webp)$/, 'the <picture> chose a modern format');
    assertNoProblems(watched, `entry with images at ${width} px`);
  });
}

test('the entry with images passes axe', { skip }, async () => {
  const watched = await watchedPage(browser!);
  await watched.page.addInitScript({ content: axeSource });
  const violations = await seriousViolations(watched.page, `${site}/entries/network/`);
  assert.deepEqual(violations, [], describeViolations(violations));
});
