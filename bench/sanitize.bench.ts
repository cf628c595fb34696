// What sanitizing raw HTML costs a page (issue 24): the body rendering (parse of raw HTML,
// allowlist, the removal warnings, the reading aids) of pages with raw HTML against the same
// pages written in Markdown alone, in this process, the two alternating so other load on the
// machine hits both alike. Parsing the Markdown is outside the timing: it is the same for both.
import { performance } from 'node:perf_hooks';
import { configSchema } from '../src/config/schema.ts';
import { parseSource } from '../src/pipeline/source-document.ts';
import { renderBody } from '../src/render/render-body.ts';
import { median, ratio } from './measure.ts';

const PAGES = Number(process.env.BENCH_SANITIZE_PAGES ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const options = configSchema.parse({}).markdown;

const prose = (i: number) => `Paragraph ${i} of the page, with *emphasis*, a [link](/entries/other-${i}/) and \`code\`. `.repeat(6);

/** A moved blog's page: prose with a figure, a details block, a table and inline tags every few paragraphs. */
function withHtml(n: number): string {
  return Array.from({ length: 12 }, (_, i) =>
    i % 3 === 0
      ? `<figure><img src="/images/p${n}-${i}.png" alt="Figure ${i}" width="640"><figcaption>Figure ${i} of page ${n}</figcaption></figure>\n\n<details><summary>More</summary>\n\n${prose(i)}\n\n</details>\n\n<table><tr><th>a</th><th style="color:red">b</th></tr><tr><td>${i}</td><td><kbd>Ctrl</kbd>+<sup>${n}</sup></td></tr></table>`
      : `${prose(i)} <span style="color: red">marked</span> and <abbr title="HyperText">HTML</abbr>.`,
  ).join('\n\n');
}

/** The same page in Markdown alone. */
function withoutHtml(n: number): string {
  return Array.from({ length: 12 }, (_, i) =>
    i % 3 === 0 ? `![Figure ${i}](/images/p${n}-${i}.png)\n\nFigure ${i} of page ${n}\n\n**More**\n\n${prose(i)}\n\n| a | b |\n| - | - |\n| ${i} | Ctrl+${n} |` : `${prose(i)} marked and HTML.`,
  ).join('\n\n');
}

function time(bodies: string[]): number {
  const parsed = bodies.map((text, i) => parseSource(`content/pages/p${i}.md`, text));
  const start = performance.now();
  for (const { tree, file } of parsed) renderBody(tree, file, options, { table: {}, pageUrl: `/${file.path}/`, source: file.path, publicDir: 'public', budget: Infinity });
  return (performance.now() - start) / bodies.length;
}

export default async function sanitizeBench(): Promise<void> {
  const raw = Array.from({ length: PAGES }, (_, i) => withHtml(i));
  const plain = Array.from({ length: PAGES }, (_, i) => withoutHtml(i));
  time(raw.slice(0, 20));
  time(plain.slice(0, 20));
  const on: number[] = [];
  const off: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    off.push(time(plain));
    on.push(time(raw));
  }
  const [a, b] = [median(on), median(off)];
  console.log(`${PAGES} pages (median of ${RUNS}): raw HTML ${a.toFixed(2)} ms a page, Markdown alone ${b.toFixed(2)} ms a page, raw/plain ${ratio(a, b)}`);
}
