import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { parseMarkdown } from '../../src/markdown/parse-markdown.ts';
import { readingMinutes, readingTime } from '../../src/render/reading-time.ts';

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
const minutes = (markdown: string) => readingMinutes(parseMarkdown(new VFile(markdown)));

// [prose words, code words, expected minutes at 220 and 110 words a minute]
const cases: [number, number, number][] = [
  [0, 0, 1],
  [100, 0, 1],
  [440, 0, 2],
  [1100, 0, 5],
  [220, 220, 3],
  [0, 330, 3],
];

for (const [prose, code, expected] of cases) {
  test(`reading time: ${prose} words of prose and ${code} of code take ${expected} min`, () => {
    const body = `${words(prose)}\n\n${code ? '```sh\n' + words(code) + '\n```\n' : ''}`;
    assert.equal(minutes(body), expected);
  });
}

test('reading time: paragraphs are counted apart, so words at their edges do not merge', () => {
  assert.equal(minutes(Array.from({ length: 220 }, () => 'one two').join('\n\n')), 2);
});

test('reading time: shown as minutes with an ISO 8601 duration', () => {
  assert.equal(toHtml(readingTime(7)), '<time datetime="PT7M">7 min</time>');
});
