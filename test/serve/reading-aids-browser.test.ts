import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { serveStatic } from '../../src/serve/static-server.ts';
import { CHROMIUM_BIN, chromiumSkip } from '../helpers/browser.ts';
import { projectRoot } from '../helpers/fixture-project.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const skip = chromiumSkip;
// The sample entry with a YAML block (title, caption, marked lines) and a footnote.
const ENTRY = '/entries/a-cluster-that-explains-itself/';

test('the sample entries in Chromium under the self-only CSP: two code schemes, the copy button, anchors on focus, and without scripts', { skip, timeout: 300_000 }, async (t) => {
  const { chromium } = await import('playwright-core');
  const out = path.join(await tempDir(), 'site');
  const built = await runCli(['build', '--out', out], projectRoot, { ...process.env, SOURCE_DATE_EPOCH: '1790000000' });
  assert.equal(built.code, 0, built.stderr);
  const server = await serveStatic(out, 0);
  t.after(() => server.close());
  const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, args: ['--no-sandbox'] });
  t.after(() => browser.close());
  const url = new URL(ENTRY, server.url).href;
  const problems: string[] = [];

  const open = async (options: { colorScheme?: 'light' | 'dark'; javaScriptEnabled?: boolean }) => {
    const context = await browser.newContext(options);
    t.after(() => context.close());
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(url, { waitUntil: 'load' });
    return page;
  };
  const colors = (page: Awaited<ReturnType<typeof open>>) =>
    page.evaluate(() => {
      const key = document.querySelector('code.language-yaml .hljs-attr')!;
      const pre = key.closest('pre')!;
      return { key: getComputedStyle(key).color, background: getComputedStyle(pre).backgroundColor, ink: getComputedStyle(pre).color };
    });

  const light = await open({ colorScheme: 'light' });
  const dark = await open({ colorScheme: 'dark' });
  const [lightColors, darkColors] = [await colors(light), await colors(dark)];
  assert.notEqual(lightColors.key, lightColors.ink, 'a YAML key is colored apart from the code');
  assert.notEqual(lightColors.key, darkColors.key, 'the dark scheme has its own token colors');
  assert.notEqual(lightColors.background, darkColors.background, 'and its own background');

  // The copy button: one per block, added by the script; it copies the block's text. The
  // clipboard answers only the focused page (the dark one opened last), so bring it forward.
  await light.bringToFront();
  await light.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  const blocks = await light.locator('.code-block').count();
  assert.ok(blocks > 0);
  assert.equal(await light.locator('.code-block > button.copy-code').count(), blocks);
  await light.locator('.code-block button.copy-code').first().click();
  assert.equal(await light.locator('.code-block button.copy-code').first().textContent(), 'Copied');
  const copied = await light.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await light.locator('.code-block pre code').first().textContent());
  assert.match(copied, /^apiVersion: kustomize\.toolkit\.fluxcd\.io\/v1\n/);

  // A heading's # anchor: hidden until hover or keyboard focus, and reachable by Tab.
  const anchor = light.locator('h2 .heading-anchor').first();
  assert.equal(await anchor.evaluate((a) => getComputedStyle(a).opacity), '0');
  await light.locator('nav.toc a').last().focus();
  let focused = '';
  for (let i = 0; i < 40 && !focused.includes('heading-anchor'); i++) {
    await light.keyboard.press('Tab');
    focused = await light.evaluate(() => document.activeElement?.className ?? '');
  }
  assert.equal(focused, 'heading-anchor', 'Tab reaches a heading anchor');
  assert.equal(await light.evaluate(() => getComputedStyle(document.activeElement!).opacity), '1');

  // Without JavaScript: the same code, no button, nothing broken.
  const plain = await open({ javaScriptEnabled: false });
  assert.equal(await plain.locator('button.copy-code').count(), 0);
  assert.equal(await plain.locator('.code-block pre code').first().textContent(), copied);
  assert.deepEqual(problems, []);
});
