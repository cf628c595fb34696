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

export const VIEWS: readonly ViewCase[] = [
  { name: 'raw', ext: 'html', encode: (s) => s, page: (p, v) => htmlPage(`<p>Planted: ${p}${v} here.</p>`) },
  { name: 'attribute', ext: 'html', encode: (s) => s, page: (p, v) => htmlPage(`<p><a href="/x/" title='${p}${v}'>a link</a></p>`) },
  {
    name: 'entities',
    ext: 'html',
    // The first character always, so even a plain word needs decoding.
    encode: (s) => [...s].map((c, i) => (i === 0 ? `&#${c.codePointAt(0)};` : (ENTITIES[c] ?? c))).join(''),
    page: (p, v) => htmlPage(`<p>Planted: ${p}${v}</p>`),
  },
  {
    name: 'url',
    ext: 'html',
    encode: (s) => [...Buffer.from(s)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
    page: (p, v) => htmlPage(`<p><a href="https://example.org/find?lang=en&amp;q=${p}${v}">search</a></p>`),
  },
  {
    name: 'json',
    ext: 'json',
    encode: (s) =>
      [...s].map((c, i) => (i === 0 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : JSON.stringify(c).slice(1, -1).replace('/', '\\/'))).join(''),
    page: (p, v) => `{\n  "title": "An entry",\n  "tags": ["a", "b"],\n  "note": "${p}${v}"\n}\n`,
  },
  {
    name: 'html-text',
    ext: 'html',
    encode: (s) => s,
    // Syntax highlighting: the value split across two spans, the way a code block renders it.
    page: (p, v) => {
      const half = Math.floor(v.length / 2);
      return htmlPage(`<pre><code><span class="k">${p}${v.slice(0, half)}</span><span class="s">${v.slice(half)}</span></code></pre>`);
    },
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
