import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { assertNoProblems, chromiumSkip, visit, watchedPage } from '../helpers/browser.ts';
import { browserFixture, projectRoot } from './sample-site.ts';

// Every kind of page a reader can reach, in Chromium under the site's self-only CSP: no console
// error, no failed request, no CSP violation.
const skip = chromiumSkip;
const { site, browser } = await browserFixture();

test('every entry page loads clean and shows the four marked parts', { skip }, async (t) => {
  t.diagnostic(`site served by ${site.server}`);
  assert.ok(site.entries.length >= 3);
  const watched = await watchedPage(browser);
  for (const entry of site.entries) {
    const response = await visit(watched, site.url + entry);
    assert.equal(response?.status(), 200, entry);
    for (const part of ['metadata', 'skeptic', 'action', 'verification']) {
      assert.ok(await watched.page.locator(`[data-section="${part}"]`).isVisible(), `${entry}: ${part} visible`);
    }
    assertNoProblems(watched, entry);
  }
});

test('the index loads clean and links every entry', { skip }, async () => {
  const watched = await watchedPage(browser);
  await visit(watched, `${site.url}/`);
  const linked = await watched.page.locator('.entry-list a.title').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  assert.deepEqual([...linked].sort(), site.entries);
  assertNoProblems(watched, 'index');
});

test('a tag link of an entry leads to a clean tag page that lists the entry', { skip }, async () => {
  const watched = await watchedPage(browser);
  const entry = site.entries[0]!;
  await visit(watched, site.url + entry);
  const tag = watched.page.locator('[data-section="metadata"] a[rel="tag"]').first();
  const name = await tag.textContent();
  await Promise.all([watched.page.waitForURL(/\/tags\/[^/]+\/$/), tag.click()]);
  await watched.page.waitForLoadState('networkidle');
  assert.match(await watched.page.locator('h1').textContent() ?? '', new RegExp(name!));
  const listed = await watched.page.locator('.entry-list a.title').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  assert.ok(listed.includes(entry), `${listed} includes ${entry}`);
  assertNoProblems(watched, `tag page of ${name}`);
});

test('the feed link of the index opens a clean Atom feed of every entry', { skip }, async () => {
  const watched = await watchedPage(browser);
  await visit(watched, `${site.url}/`);
  const alternate = await watched.page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href');
  const navFeed = await watched.page.locator('.site-header nav a', { hasText: 'Feed' }).getAttribute('href');
  assert.ok(alternate);
  assert.equal(navFeed, alternate);
  const response = await visit(watched, new URL(alternate, site.url).href);
  assert.equal(response?.status(), 200);
  // Shown as styled XML (its own stylesheet), not turned into the XML viewer's HTML.
  const feed = await watched.page.evaluate(() => ({
    ns: document.documentElement.namespaceURI,
    entries: [...document.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'entry')].map(
      (e) => new URL(e.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'link')[0]!.getAttribute('href')!).pathname,
    ),
  }));
  assert.equal(feed.ns, 'http://www.w3.org/2005/Atom');
  assert.deepEqual([...feed.entries].sort(), site.entries);
  await mkdir(path.join(projectRoot, 'test/artifacts'), { recursive: true });
  await watched.page.screenshot({ path: path.join(projectRoot, 'test/artifacts/feed.png'), fullPage: true });
  assertNoProblems(watched, 'feed');
});

test('a missing page answers 404 with the site 404 page, otherwise clean', { skip }, async () => {
  const watched = await watchedPage(browser);
  const missing = `${site.url}/entries/no-such-entry/`;
  const response = await visit(watched, missing);
  assert.equal(response?.status(), 404);
  assert.equal(await watched.page.locator('h1').textContent(), 'Not found');
  assert.ok(await watched.page.locator('a[href="/"]').count());
  // The document's own 404 is the expected answer; anything else is a problem.
  watched.problems = watched.problems.filter((p) => !(p.text.includes(missing) && (p.kind === 'http-status' || /status of 404/.test(p.text))));
  assertNoProblems(watched, '404 page');
});

test('an alias redirects to its entry and keeps the #fragment', { skip }, async () => {
  assert.ok(site.aliases.length >= 1, 'the samples have an alias');
  const watched = await watchedPage(browser);
  for (const { from, to } of site.aliases) {
    await visit(watched, site.url + from);
    await watched.page.waitForURL(site.url + to);
    const id = await watched.page.locator('h2[id]').first().getAttribute('id');
    await visit(watched, `${site.url}${from}#${id}`);
    await watched.page.waitForURL(`${site.url}${to}#${id}`);
    assert.equal(await watched.page.evaluate(() => location.hash), `#${id}`);
    assertNoProblems(watched, `alias ${from}`);
  }
});
