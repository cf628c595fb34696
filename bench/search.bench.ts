// Search at 4,000 entries (the peers' corpus): Pagefind, which galley uses, against the docs
// book's former index grown to the site (one JSON of every page's text, searched in the page). For
// each: the index's size and build cost, then in Chromium, for a few words, the bytes a reader
// downloads for the first query on the search page and the time to its first result. The
// corpus is built once by the CLI bundle; BENCH_SEARCH_SITE names a built site to measure instead.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { chromium } from 'playwright-core';
import { searchSchema } from '../src/config/schema.ts';
import { sha256 } from '../src/output/manifest.ts';
import { listTree } from '../src/output/list-tree.ts';
import { IndexStore } from '../src/search/index-store.ts';
import { searchIndex, type SearchPage } from '../src/search/search-index.ts';
import { serveStatic } from '../src/serve/static-server.ts';
import { generatePeerCorpus } from './corpus.ts';
import { CHROMIUM_BIN } from '../test/helpers/browser.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const N = Number(process.env.BENCH_SEARCH_SIZE ?? 4000);
const PER_INDEX = Number(process.env.BENCH_SEARCH_PER_INDEX ?? searchSchema.parse({}).pagesPerIndex);
// Words of the corpus's vocabulary: frequent, middling and rare.
const WORDS = ['cache', 'deterministic', 'grocery'];

export default async function searchBench(): Promise<void> {
  if (!existsSync(CHROMIUM_BIN)) {
    console.log(`skipped: ${CHROMIUM_BIN} is needed for the query figures`);
    return;
  }
  const site = process.env.BENCH_SEARCH_SITE ?? (await builtCorpus());
  const pages = await indexedPages(site);
  const t0 = performance.now();
  const sampler = sampleChildPeak();
  const store = new IndexStore(undefined);
  const { files } = await searchIndex(pages, { language: 'en', pagesPerIndex: PER_INDEX, store });
  const pagefindPeak = sampler.stop();
  const pagefindMs = performance.now() - t0;
  const warm = await oneChanged(pages, store);
  let pagefindBytes = 0;
  for (const [rel, bytes] of files) {
    pagefindBytes += bytes.length;
    await mkdir(path.dirname(path.join(site, rel)), { recursive: true });
    await writeFile(path.join(site, rel), bytes);
  }
  // The book's render kept each chapter's text as it went; here it is taken from the pages first.
  const texts = pages.map((p) => ({ url: p.url, ...articleText(p.html()) }));
  const t1 = performance.now();
  const json = `${JSON.stringify({ pages: texts })}\n`;
  const jsonMs = performance.now() - t1;
  await writeFile(path.join(site, 'searchindex.json'), json);
  const jsonBytes = Buffer.byteLength(json);

  console.log(`${pages.length} pages indexed, ${PER_INDEX} to an index`);
  console.log(`| index | files | bytes | gzip | build |`);
  console.log(`|---|---:|---:|---:|---:|`);
  console.log(`| Pagefind | ${files.size} | ${mb(pagefindBytes)} | (compressed) | ${s(pagefindMs)}; its process peaks at ${mb(pagefindPeak)} RSS |`);
  console.log(`| Pagefind, one page changed since | | | | ${s(warm.ms)}: ${warm.built} of ${warm.built + warm.reused} indexes built, the rest from the cache |`);
  console.log(`| one JSON (the book's former index) | 1 | ${mb(jsonBytes)} | ${mb(gzipSync(json).length)} | ${s(jsonMs)} (and each page's text in the render) |`);
  const server = await serveStatic(site, 0);
  const origin = server.url.replace(/\/$/, '');
  const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  try {
    console.log(`\n| word | Pagefind: bytes, first result | one JSON: bytes, first result |`);
    console.log(`|---|---:|---:|`);
    for (const word of WORDS) {
      const a = await firstQuery(browser, origin, word, 'pagefind');
      const b = await firstQuery(browser, origin, word, 'json');
      console.log(`| ${word} (${a.hits} hits) | ${kb(a.bytes)}, ${a.ms.toFixed(0)} ms | ${kb(b.bytes)}, ${b.ms.toFixed(0)} ms |`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

async function builtCorpus(): Promise<string> {
  const dir = path.join(import.meta.dirname, 'out', `search-${N}`);
  await generatePeerCorpus(dir, N);
  await run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bundle.ts')], { cwd: root });
  await run(process.execPath, [path.join(root, 'dist/galley.mjs'), 'build', '--root', dir, '--out', path.join(dir, 'site')], { env: { ...process.env, SOURCE_DATE_EPOCH: '1790000000' }, maxBuffer: 1 << 26 });
  return path.join(dir, 'site');
}

/**
 * The peak RSS of this process's children (Pagefind's binary runs as one), sampled every 100 ms
 * from their VmHWM, the kernel's own high-water mark, so only the last interval can be missed.
 */
function sampleChildPeak(): { stop: () => number } {
  let peak = 0;
  const sample = (): void => {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        if (!new RegExp(`^PPid:\\s+${process.pid}$`, 'm').test(status)) continue;
        peak = Math.max(peak, Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) * 1024);
      } catch {
        // Gone between the listing and the read.
      }
    }
  };
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/** The warm build's case: one page's text changed, the indexes built before in the store. */
async function oneChanged(pages: readonly SearchPage[], store: IndexStore): Promise<{ ms: number; built: number; reused: number }> {
  const changed = pages.map((p, i) => (i === Math.floor(pages.length / 2) ? { ...p, sha256: sha256(`${p.sha256} changed`), html: () => p.html().replace('</article>', '<p>One more paragraph.</p></article>') } : p));
  const t = performance.now();
  const { built, reused } = await searchIndex(changed, { language: 'en', pagesPerIndex: PER_INDEX, store });
  return { ms: performance.now() - t, built, reused };
}

/** The entry and page HTML files the build indexes (those with `data-pagefind-body`). */
async function indexedPages(site: string): Promise<SearchPage[]> {
  const pages: SearchPage[] = [];
  for (const rel of (await listTree(site)).filter((f) => f.endsWith('index.html')).sort()) {
    const html = await readFile(path.join(site, rel), 'utf8');
    if (html.includes('data-pagefind-body')) pages.push({ url: `/${rel.replace(/index\.html$/, '')}`, sha256: sha256(html), html: () => html });
  }
  return pages;
}

function articleText(html: string): { title: string; text: string } {
  const tree = fromHtml(html);
  const title = /<h1>([^<]*)<\/h1>/.exec(html)?.[1] ?? '';
  const article = /<article[\s\S]*<\/article>/.exec(html)?.[0] ?? '';
  return { title, text: toString(fromHtml(article, { fragment: true })).replace(/\s+/g, ' ').trim() || toString(tree) };
}

/** One query on a fresh search page (nothing cached): bytes of every response after the page loaded, ms to the first result. */
async function firstQuery(browser: import('playwright-core').Browser, origin: string, word: string, how: 'pagefind' | 'json') {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/search/`, { waitUntil: 'networkidle' });
  // Pagefind fetches from a worker too, which the page's own resource timing does not see.
  let bytes = 0;
  context.on('requestfinished', (request) => {
    if (/\/pagefind\/|searchindex\.json/.test(request.url())) void request.sizes().then((s) => (bytes += s.responseBodySize));
  });
  let result: { ms: number; hits: number };
  if (how === 'pagefind') {
    const t = await page.evaluate(() => performance.now());
    await page.fill('#search-q', word);
    await page.locator('#search-results li').first().waitFor();
    const end = await page.evaluate(() => performance.now());
    const status = (await page.locator('#search-status').textContent()) ?? '';
    result = { ms: end - t, hits: Number(/^(\d+)/.exec(status)?.[1] ?? 0) };
  } else {
    // The book's former search: fetch the whole index, keep pages with every word.
    result = await page.evaluate(async (term) => {
      const t = performance.now();
      const { pages } = (await (await fetch('/searchindex.json')).json()) as { pages: { title: string; text: string }[] };
      const hits = pages.filter((p) => p.title.toLowerCase().includes(term) || p.text.toLowerCase().includes(term));
      return { ms: performance.now() - t, hits: hits.length };
    }, word);
  }
  await page.waitForLoadState('networkidle');
  await context.close();
  return { ...result, bytes };
}

const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
