import assert from 'node:assert/strict';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { assertNoProblems, chromiumSkip, visit, watchedPage } from '../helpers/browser.ts';
import { serveSite } from '../helpers/serve-site.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { browserFixture, projectRoot } from './sample-site.ts';

// htmx comes from the site itself and runs only if its bytes match the pinned sha384.
const skip = chromiumSkip;
const { site, browser } = await browserFixture();
const pins = JSON.parse(await readFile(path.join(projectRoot, 'vendor/pins.json'), 'utf8'));
const pin = pins.files['htmx.min.js'];

function htmxScript() {
  const script = document.querySelector<HTMLScriptElement>('script[integrity]');
  const htmx = (window as unknown as { htmx?: { version: string } }).htmx;
  return { src: script?.src, integrity: script?.integrity, crossOrigin: script?.crossOrigin, version: htmx?.version };
}

test('htmx loads from the site and runs with the pinned integrity', { skip }, async (t) => {
  t.diagnostic(`site served by ${site.server}`);
  const watched = await watchedPage(browser);
  await visit(watched, site.url + site.entries[0]);
  const seen = await watched.page.evaluate(htmxScript);
  assert.equal(new URL(seen.src!).origin, site.url, 'served by the site, not a CDN');
  assert.equal(seen.integrity, pin.sha384);
  assert.equal(seen.crossOrigin, 'anonymous');
  assert.equal(seen.version, pin.version, 'htmx ran');
  const response = watched.responses.find((r) => r.url() === seen.src);
  assert.equal(response?.status(), 200);
  assertNoProblems(watched, 'entry page with htmx');
});

test('one changed byte in the served htmx: Chromium refuses to run it', { skip }, async () => {
  const tampered = path.join(await tempDir('galley-sri-'), 'site');
  await cp(site.dir, tampered, { recursive: true });
  const name = (await readdir(path.join(tampered, 'assets'))).find((f) => /^htmx\..*\.js$/.test(f))!;
  const file = path.join(tampered, 'assets', name);
  const original = await readFile(file, 'utf8');
  // A byte inside a string literal: the script stays valid, so only the integrity check stops it.
  const changed = original.replace(`version:"${pin.version}"`, `version:"${pin.version.replace(/.$/, (d: string) => String((Number(d) + 1) % 10))}"`);
  assert.equal(Buffer.byteLength(changed), Buffer.byteLength(original));
  assert.notEqual(changed, original);
  await writeFile(file, changed);
  const served = await serveSite(tampered);

  const watched = await watchedPage(browser);
  await visit(watched, served.url + site.entries[0]);
  const seen = await watched.page.evaluate(htmxScript);
  assert.equal(seen.version, undefined, 'the tampered htmx must not run');
  const response = watched.responses.find((r) => r.url() === seen.src);
  assert.equal(await response?.text(), changed, 'the browser did receive the changed file');
  const refusals = watched.problems.filter((p) => p.kind === 'console' && /integrity/.test(p.text) && p.text.includes(seen.src!));
  assert.equal(refusals.length, 1, `Chromium reports the integrity refusal:\n${watched.problems.map((p) => p.text).join('\n')}`);
});
