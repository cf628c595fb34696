import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { assertNoProblems, chromiumSkip, visit, watchedPage } from '../helpers/browser.ts';
import { browserFixture, projectRoot } from './sample-site.ts';

// The editorial template's CSS as a reader sees it: measure, the parts set apart, dark and print,
// and screenshots in test/artifacts/ (git-ignored) for a person to look at.
const skip = chromiumSkip;
const { site, browser } = await browserFixture();
const artifacts = path.join(projectRoot, 'test/artifacts');
// The sample that uses the most of the template (table, code, links), else the first entry.
const showcase = site?.entries.find((e) => e.includes('one-verb-from-markdown-to-nginx')) ?? site?.entries[0];

async function screenshot(t: TestContext, page: Page, name: string): Promise<void> {
  await mkdir(artifacts, { recursive: true });
  const file = path.join(artifacts, name);
  await page.screenshot({ path: file, fullPage: true });
  t.diagnostic(`screenshot: ${path.relative(projectRoot, file)}`);
}

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  mobile: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} as const;

/** Layout facts of an entry page, measured in the page (no inner named functions: tsx would
 * wrap them in a helper the page does not have). */
function measure() {
  const parts = ['html', '[data-section="skeptic"]', '[data-section="action"]', '[data-section="metadata"]', '.site-header nav'];
  const [root, skeptic, action, metadata, nav] = parts.map((selector) => getComputedStyle(document.querySelector(selector)!));
  // Characters per line of body text, by the average width of the lowercase alphabet in its font.
  const paragraph = document.querySelector('.section p')!;
  const probe = document.createElement('span');
  probe.textContent = 'abcdefghijklmnopqrstuvwxyz';
  paragraph.append(probe);
  const averageChar = probe.getBoundingClientRect().width / 26;
  probe.remove();
  return {
    measureCh: paragraph.getBoundingClientRect().width / averageChar,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    page: root!.backgroundColor,
    ink: root!.color,
    skeptic: skeptic!.backgroundColor,
    action: action!.backgroundColor,
    actionBorder: action!.borderTopStyle,
    metadataDisplay: metadata!.display,
    nav: nav!.display,
    fonts: [...document.fonts].map((f) => f.family),
  };
}

function luminance(color: string): number {
  const [r, g, b] = color.match(/[\d.]+/g)!.slice(0, 3).map((v) => Number(v) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

for (const [name, options] of Object.entries(VIEWPORTS)) {
  test(`entry pages at ${name} width: readable measure, no sideways scroll, parts set apart; screenshot`, { skip }, async (t) => {
    t.diagnostic(`site served by ${site.server}`);
    const watched = await watchedPage(browser, options);
    for (const entry of site.entries) {
      await visit(watched, site.url + entry);
      const m = await watched.page.evaluate(measure);
      assert.ok(m.measureCh <= 80 && m.measureCh >= (name === 'mobile' ? 35 : 60), `${entry}: measure ${m.measureCh.toFixed(1)} characters`);
      assert.ok(m.overflow <= 0, `${entry}: horizontal overflow of ${m.overflow}px`);
      assert.notEqual(m.skeptic, m.page, `${entry}: the skeptic's section has its own ground`);
      assert.notEqual(m.action, m.page, `${entry}: the action has its own ground`);
      assert.notEqual(m.action, m.skeptic, `${entry}: the action and the skeptic look different`);
      assert.deepEqual(m.fonts, [], `${entry}: no web fonts`);
    }
    await visit(watched, site.url + showcase);
    await screenshot(t, watched.page, `entry-${name}.png`);
    assertNoProblems(watched, `entries at ${name}`);
  });
}

test('dark colour scheme: dark ground, light ink, the parts still set apart; screenshot', { skip }, async (t) => {
  const watched = await watchedPage(browser, { ...VIEWPORTS.desktop, colorScheme: 'dark' });
  await visit(watched, site.url + showcase);
  const m = await watched.page.evaluate(measure);
  assert.ok(luminance(m.page) < 0.05, `dark ground ${m.page}`);
  assert.ok(luminance(m.ink) > 0.6, `light ink ${m.ink}`);
  assert.notEqual(m.skeptic, m.page);
  assert.notEqual(m.action, m.page);
  await screenshot(t, watched.page, 'entry-dark.png');
  assertNoProblems(watched, 'entry in dark');
});

test('print: no site navigation, white paper, the action kept; screenshot of the print layout', { skip }, async (t) => {
  const watched = await watchedPage(browser, { ...VIEWPORTS.desktop, colorScheme: 'dark' });
  await visit(watched, site.url + showcase);
  await watched.page.emulateMedia({ media: 'print' });
  const m = await watched.page.evaluate(measure);
  assert.equal(m.nav, 'none', 'site navigation is not printed');
  assert.ok(luminance(m.page) > 0.95, `printed on white, even in dark mode: ${m.page}`);
  assert.equal(m.actionBorder, 'solid', 'the action stays framed without its ground colour');
  await screenshot(t, watched.page, 'entry-print.png');
  assertNoProblems(watched, 'entry in print');
});
