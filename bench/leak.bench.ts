// The leak scan over a generated 2,000-page site (design §7 goal: under 1 s), against a baseline
// measured in the same run: reading the same files and one regex pass over each.
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scanTree } from '../src/leak/index.ts';
import { makeLeaks } from '../test/leak/values.ts';
import { medianMs, ratio, seconds } from './measure.ts';

const PAGES = 2000;
const PLANT_EVERY = 50;
const WORDS = 'the cluster reconciles every layer from one repository while a sidecar pulls each release and swaps a symlink so readers never see half a tree nix builds hosts flux applies kustomizations secrets come from an external store and the publication ships through the same path as the rest of the fleet which keeps the review honest'.split(' ');

/** A small deterministic generator, so every run scans the same bytes. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function page(i: number, rand: () => number, planted: string | undefined): string {
  const words = (n: number): string => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
  const sections = Array.from({ length: 4 + (i % 5) }, (_, s) => {
    const paragraphs = Array.from({ length: 3 }, () => `<p>${words(60)} &amp; it&#8217;s <a href="/entries/e${(i + s) % PAGES}/#s-${s}">linked</a>.</p>`).join('\n');
    return `<section id="s-${s}"><h2><span class="n">${s + 1}.</span> ${words(5)}</h2>\n${paragraphs}</section>`;
  }).join('\n');
  const code = `<pre><code class="language-sh"><span class="c">$</span> <span class="k">galley</span> publish --dry-run <span class="o">&gt;</span> /dev/null\n<span class="k">kubectl</span> get kustomizations -A</code></pre>`;
  const table = i % 3 === 0 ? `<table><tr><th>host</th><th>role</th></tr><tr><td>basestar</td><td>${words(4)}</td></tr></table>` : '';
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>Entry ${i}</title><link rel="stylesheet" href="/assets/site.3f2a9c.css">`,
    '<script src="/vendor/htmx.min.js" integrity="sha384-Akqfrbj/HpNVo8k11SXBb6TlBWmXXlYQrCSqEWmyKJe+hDm3Z/B2WVG4smwBkRVm" defer></script>',
    '</head><body><header><nav><a href="/">Home</a> <a href="/tags/">Tags</a> <a href="/feed.xml?utm_source=site%20nav">Feed</a></nav>',
    `<h1>${words(6)}</h1></header><main>`,
    `<table class="meta"><tr><th>date</th><td><time datetime="2026-11-21">21 November 2026</time></td></tr><tr><th>revision</th><td><code>${(i * 2654435761).toString(16).padStart(8, '0')}</code></td></tr></table>`,
    `<p class="lede">${words(40)}</p>`,
    sections,
    code,
    table,
    planted ? `<p>${planted}</p>` : '',
    `<footer><p>generated from main @ 9c1e2f0; 2026-11-21 UTC</p></footer></main></body></html>`,
    '',
  ].join('\n');
}

async function generate(dir: string): Promise<{ bytes: number; planted: number }> {
  const scratch = path.join(dir, '.scratch');
  await mkdir(scratch, { recursive: true });
  const leaks = makeLeaks(scratch).filter((l) => !l.value.includes('\n'));
  await rm(scratch, { recursive: true });
  const rand = random(42);
  let bytes = 0;
  let planted = 0;
  for (let i = 0; i < PAGES; i++) {
    const leak = i % PLANT_EVERY === 7 ? leaks[planted++ % leaks.length] : undefined;
    const html = page(i, rand, leak ? `${leak.prefix ?? ''}${leak.value}` : undefined);
    await mkdir(path.join(dir, 'entries', `e${i}`), { recursive: true });
    await writeFile(path.join(dir, 'entries', `e${i}`, 'index.html'), html);
    bytes += Buffer.byteLength(html);
  }
  return { bytes, planted };
}

/** The floor: read every file the fastest way (synchronously) and run one simple regex over each. */
async function baseline(dir: string): Promise<number> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  let matches = 0;
  for (const e of files) {
    const text = readFileSync(path.join(e.parentPath, e.name), 'utf8');
    matches += text.match(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g)?.length ?? 0;
  }
  return matches;
}

/** CPU milliseconds (user + system) of one call: steadier than wall time on a busy machine. */
async function cpuMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export default async function leakBench(): Promise<void> {
  const dir = path.join(os.tmpdir(), `galley-leak-bench-${process.pid}`);
  try {
    const { bytes, planted } = await generate(dir);
    const mb = bytes / 1e6;
    let found = 0;
    const base = await medianMs(() => baseline(dir), 5, true);
    const scan = await medianMs(async () => {
      found = (await scanTree(dir, { allow: [] })).length;
    }, 5, true);
    console.log(`site: ${PAGES} pages, ${mb.toFixed(1)} MB, ${planted} planted values`);
    const baseCpu = await cpuMs(() => baseline(dir));
    console.log(`baseline (read + one regex): ${seconds(base)}, ${(mb / (base / 1000)).toFixed(0)} MB/s; CPU ${seconds(baseCpu)}`);
    const scanCpu = await cpuMs(() => scanTree(dir, { allow: [] }));
    console.log(`leak scan (all rules, all views): ${seconds(scan)}, ${(mb / (scan / 1000)).toFixed(0)} MB/s, ${ratio(scan, base)} the baseline; CPU ${seconds(scanCpu)}, ${ratio(scanCpu, baseCpu)}`);
    console.log(`findings: ${found} of ${planted} planted${found === planted ? '' : '  MISMATCH'}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
