import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { chromiumSkip, launchChromium } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { serveSite, type ServedSite } from '../helpers/serve-site.ts';

export const projectRoot = path.resolve(import.meta.dirname, '../..');

export interface SampleSite extends ServedSite {
  dir: string;
  /** Site paths of every entry page, from the built tree. */
  entries: string[];
  /** Alias redirect pages (site path) and the entry each points to. */
  aliases: { from: string; to: string }[];
}

/** Build the project's own sample site into a temp dir and serve it until the test file ends. */
export async function serveSampleSite(): Promise<SampleSite> {
  const dir = path.join(await tempDir('galley-browser-'), 'site');
  const result = await buildSite({ root: projectRoot, outDir: dir, env: { ...process.env, SOURCE_DATE_EPOCH: '1795000000' } });
  assert.ok(result.ok, `the sample site must build: ${JSON.stringify(result.findings)}`);
  const entries = (await readdir(path.join(dir, 'entries'))).sort().map((slug) => `/entries/${slug}/`);
  const aliases: SampleSite['aliases'] = [];
  for (const file of result.manifest!.files) {
    if (!file.path.endsWith('.html')) continue;
    const refresh = /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(await readFile(path.join(dir, file.path), 'utf8'));
    if (refresh) aliases.push({ from: `/${file.path.replace(/index\.html$/, '')}`, to: refresh[1]! });
  }
  const served = await serveSite(dir);
  return { ...served, dir, entries, aliases };
}

export interface BrowserFixture {
  site: SampleSite;
  browser: Browser;
}

/**
 * The served sample site and a Chromium, for one test file; call at the file's top level so they
 * live until the file ends. Empty when Chromium is missing: every test then skips with the reason.
 */
export async function browserFixture(): Promise<BrowserFixture> {
  if (chromiumSkip) return {} as BrowserFixture;
  const [site, browser] = await Promise.all([serveSampleSite(), launchChromium()]);
  return { site, browser };
}
