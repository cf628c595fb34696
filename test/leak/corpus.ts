// Writes planted values into a site-like tree, once per view, and says where each finding must be.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Planted } from './values.ts';

export interface Expected {
  file: string;
  line: number;
  column: number;
  ruleId: string;
}

/** How a view hides a string; `encode` must work piecewise (prefix and value apart). */
interface ViewCase {
  name: string;
  ext: string;
  /** The file's text with `body` planted, given the encoded prefix and value. */
  page(prefix: string, value: string): string;
  encode(text: string): string;
  compress?: (text: string) => Buffer;
}

const ENTITIES: Record<string, string> = { '.': '&#46;', '-': '&#45;', ':': '&#x3a;', '/': '&#x2F;', '+': '&plus;', '=': '&equals;', _: '&lowbar;', '\n': '&#10;', '"': '&quot;', ' ': '&nbsp;' };
const htmlPage = (body: string): string =>
  [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<title>An entry</title>',
    '<link rel="stylesheet" href="/assets/site.css">',
    '</head>',
    '<body>',
    '<header><h1>An entry</h1></header>',
    '<main>',
    '<p>Some words before the planted text, and “quotes” — ünïcode to move columns.</p>',
    body,
    '<p>After.</p>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');

const entities = (s: string): string => [...s].map((c, i) => (i === 0 ? `&#${c.codePointAt(0)};` : (ENTITIES[c] ?? c))).join('');
const percent = (s: string): string => [...Buffer.from(s)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** The ways a page's HTML hides a value: each a fragment of a page body and its encoding. */
const HTML_CASES: readonly { name: string; encode(text: string): string; body(prefix: string, value: string): string }[] = [
  { name: 'raw', encode: (s) => s, body: (p, v) => `<p>Planted: ${p}${v} here.</p>` },
  { name: 'attribute', encode: (s) => s, body: (p, v) => `<p><a href="/x/" title='${p}${v}'>a link</a></p>` },
  // The first character always, so even a plain word needs decoding.
  { name: 'entities', encode: entities, body: (p, v) => `<p>Planted: ${p}${v}</p>` },
  { name: 'url', encode: percent, body: (p, v) => `<p><a href="https://example.org/find?lang=en&amp;q=${p}${v}">search</a></p>` },
  {
    name: 'html-text',
    encode: (s) => s,
    // Syntax highlighting: the value split across two spans, the way a code block renders it.
    body: (p, v) => {
      const half = Math.floor(v.length / 2);
      return `<pre><code><span class="k">${p}${v.slice(0, half)}</span><span class="s">${v.slice(half)}</span></code></pre>`;
    },
  },
];

// A feed escapes an entry's HTML once more, as XML text; a reader decodes it twice.
const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const atomFeed = (content: string, summary = 'A summary.'): string =>
  [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    '<title>A site</title>',
    '<id>tag:example.org,2026:site</id>',
    '<updated>2026-11-21T00:00:00Z</updated>',
    '<entry>',
    '<title type="html">An entry &amp;amp; more</title>',
    '<link href="/entries/an-entry/"/>',
    `<summary>${summary}</summary>`,
    `<content type="html">${content}</content>`,
    '</entry>',
    '</feed>',
    '',
  ].join('\n');
const rssFeed = (description: string): string =>
  [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0"><channel>',
    '<title>A site</title>',
    '<item>',
    '<title>An entry</title>',
    `<description>${description}</description>`,
    '</item>',
    '</channel></rss>',
    '',
  ].join('\n');

/**
 * A fragment's markup escaped as XML text, the planted prefix and value (already escaped) left
 * as they are: they pass through the fragment as private-use characters, one per character, so a
 * fragment that splits the value splits it at the same place.
 */
function escapedBody(body: (p: string, v: string) => string, p: string, v: string): string {
  const hide = (s: string): string => s.replace(/[\0-\u18ff]/g, (c) => String.fromCharCode(0xe000 + c.charCodeAt(0)));
  return xmlEscape(body(hide(p), hide(v))).replace(/[\ue000-\uf8ff]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xe000));
}

export const VIEWS: readonly ViewCase[] = [
  ...HTML_CASES.map((c) => ({ name: c.name, ext: 'html', encode: c.encode, page: (p: string, v: string) => htmlPage(c.body(p, v)) })),
  {
    name: 'json',
    ext: 'json',
    encode: (s) =>
      [...s].map((c, i) => (i === 0 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : JSON.stringify(c).slice(1, -1).replace('/', '\\/'))).join(''),
    page: (p, v) => `{\n  "title": "An entry",\n  "tags": ["a", "b"],\n  "note": "${p}${v}"\n}\n`,
  },
  { name: 'gzip', ext: 'html.gz', encode: (s) => s, page: (p, v) => htmlPage(`<p>${p}${v}</p>`), compress: (t) => gzipSync(t) },
  { name: 'brotli', ext: 'html.br', encode: (s) => s, page: (p, v) => htmlPage(`<p>${p}${v}</p>`), compress: (t) => brotliCompressSync(t) },
  {
    name: 'source-map',
    ext: 'js.map',
    encode: (s) => JSON.stringify(s).slice(1, -1),
    page: (p, v) => {
      // The value as the bundled source held it; its JSON form is what the map file shows.
      const map = { version: 3, file: 'app.js', sources: ['../src/app.ts'], sourcesContent: ['PLANT'], names: [], mappings: 'AAAA;AACA' };
      return `${JSON.stringify(map).replace('PLANT', `// settings\\nexport const planted = \`${p}${v}\`;\\n`)}\n`;
    },
  },
  // Every HTML case again as an Atom entry's escaped content.
  ...HTML_CASES.map((c) => ({
    name: `feed-${c.name}`,
    ext: 'xml',
    encode: (s: string) => xmlEscape(c.encode(s)),
    page: (p: string, v: string) => atomFeed(escapedBody(c.body, p, v)),
  })),
  { name: 'feed-summary', ext: 'atom', encode: (s) => xmlEscape(entities(s)), page: (p, v) => atomFeed('&lt;p&gt;Nothing here.&lt;/p&gt;', `${p}${v}`) },
  { name: 'feed-cdata', ext: 'rss', encode: entities, page: (p, v) => rssFeed(`<![CDATA[<p>Planted: ${p}${v}</p>]]>`) },
  { name: 'feed-gzip', ext: 'xml.gz', encode: (s) => xmlEscape(entities(s)), page: (p, v) => atomFeed(`&lt;p&gt;${p}${v}&lt;/p&gt;`), compress: (t) => gzipSync(t) },
];

function place(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/**
 * One file per planted value and view, under `dir/<leaks|traps>/`. Returns the findings the
 * leaks must produce (the traps must produce none).
 */
export async function writeCorpus(dir: string, leaks: Planted[], traps: Planted[]): Promise<Expected[]> {
  const expected: Expected[] = [];
  for (const [folder, planted] of [['leaks', leaks], ['traps', traps]] as const) {
    await mkdir(path.join(dir, folder), { recursive: true });
    for (const item of planted) {
      for (const view of VIEWS) {
        const prefix = view.encode(item.prefix ?? '');
        const value = view.encode(item.value);
        const text = view.page(prefix, value);
        const file = `${folder}/${item.label}.${view.name}.${view.ext}`;
        await writeFile(path.join(dir, file), view.compress ? view.compress(text) : text);
        if (!item.rule) continue;
        // Short enough to sit before the html-text view's split.
        const marker = `${prefix}${value.slice(0, Math.min(8, Math.floor(value.length / 2)))}`;
        const at = text.indexOf(marker);
        if (at < 0) throw new Error(`corpus: ${file} lost its planted value`);
        expected.push({ file, ...place(text, at + prefix.length), ruleId: item.rule });
      }
    }
  }
  return expected;
}
