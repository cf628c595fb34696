import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { serveStatic } from '../../src/serve/static-server.ts';
import { CHROMIUM_BIN, chromiumSkip } from '../helpers/browser.ts';
import { fixtureProject } from '../helpers/fixture-project.ts';
import { runCli } from '../helpers/run-cli.ts';

async function builtSite(): Promise<string> {
  const dir = await fixtureProject();
  const result = await runCli(['build'], dir, { ...process.env, SOURCE_DATE_EPOCH: '1790000000' });
  assert.equal(result.code, 0, result.stderr);
  return path.join(dir, 'site');
}

test('the static server: clean URLs, the site 404, no dotfiles, no traversal', async (t) => {
  const site = await builtSite();
  const server = await serveStatic(site, 0);
  t.after(() => server.close());
  const get = (p: string) => fetch(new URL(p, server.url), { redirect: 'manual' });
  assert.equal((await get('/')).status, 200);
  const entry = await get('/entries/base/');
  assert.equal(entry.status, 200);
  assert.match(entry.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.match(await entry.text(), /data-section="action"/);
  const missing = await get('/entries/nope/');
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /Not found/);
  assert.equal((await get('/.galley/manifest.json')).status, 404);
  assert.equal((await get('/%2e%2e/%2e%2e/etc/passwd')).status, 404);
  const css = (await readdir(path.join(site, 'assets'))).find((f) => f.endsWith('.css'))!;
  assert.equal((await get(`/assets/${css}`)).headers.get('content-type'), 'text/css; charset=utf-8');
});

test('an entry page runs under the self-only CSP in Chromium: htmx loads, no violation', { skip: chromiumSkip }, async (t) => {
  const { chromium } = await import('playwright-core');
  const site = await builtSite();
  const server = await serveStatic(site, 0);
  t.after(() => server.close());
  const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, args: ['--no-sandbox'] });
  t.after(() => browser.close());
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(new URL('/entries/base/', server.url).href, { waitUntil: 'load' });
  assert.equal(await page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx), 'object');
  await page.goto(new URL('/old/base/#second-section', server.url).href);
  await page.waitForURL(/\/entries\/base\/#second-section$/);
  assert.deepEqual(problems, []);
});
