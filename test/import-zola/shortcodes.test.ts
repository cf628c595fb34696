import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convertShortcodes, type ShortcodeUse } from '../../src/import-zola/convert-shortcodes.ts';
import { ImportLog } from '../../src/import-zola/import-log.ts';
import { findShortcodes } from '../../src/import-zola/shortcodes.ts';

// Zola's shortcode grammar (markdown/src/content.pest): what is a call, with which arguments.
const parses: [string, { name: string; args: Record<string, unknown>; body?: string; escaped?: boolean }[]][] = [
  ['{{ youtube(id="abc") }}', [{ name: 'youtube', args: { id: 'abc' } }]],
  ["{{yt(id='a', n=3, f=-1.5, on=true, list=[1, 'x', false])}}", [{ name: 'yt', args: { id: 'a', n: 3, f: -1.5, on: true, list: [1, 'x', false] } }]],
  ['{{ empty() }}', [{ name: 'empty', args: {} }]],
  ['{% quote(author="A") %}\nbody {{ inner() }}\n{% end %}', [{ name: 'quote', args: { author: 'A' }, body: '\nbody {{ inner() }}\n' }]],
  ['{% a() %}{% b() %}x{% end %}{% end %} tail', [{ name: 'a', args: {}, body: '{% b() %}x{% end %}' }]],
  ['{{/* youtube(id="abc") */}}', [{ name: 'youtube', args: { id: 'abc' }, escaped: true }]],
  ['{{ not a call }} {{ bad(x=) }} {{ open(x=1) } {% unclosed() %} text', []],
  ['`{{ code(x=1) }}` inside code is still a call, as in Zola', [{ name: 'code', args: { x: 1 } }]],
  ['{{ wideImage(\n  img="a.png",\n  alt="A"\n) }}', [{ name: 'wideImage', args: { img: 'a.png', alt: 'A' } }]],
  ['{%\n  details(summary="More")\n%}\nHidden.\n{% end %}', [{ name: 'details', args: { summary: 'More' }, body: '\nHidden.\n' }]],
];

for (const [text, expected] of parses) {
  test(`shortcodes in ${JSON.stringify(text)}`, () => {
    const found = findShortcodes(text).map((s) => ({ name: s.name, args: s.args, ...(s.body !== undefined ? { body: s.body } : {}), ...(s.escaped ? { escaped: true } : {}) }));
    assert.deepEqual(found, expected);
  });
}

// Conversions: each has a galley equivalent in Markdown; a call missing what it needs stays.
const conversions: [string, string, boolean][] = [
  ['{{ youtube(id="abc") }}', '[Watch the video on YouTube](https://www.youtube.com/watch?v=abc)', true],
  ['{{ vimeo(id="123") }}', '[Watch the video on Vimeo](https://vimeo.com/123)', true],
  ['{{ gist(url="https://gist.github.com/u/1") }}', '[Read the gist](https://gist.github.com/u/1)', true],
  ['{{ figure(src="a.png", alt="A [b]", caption="Cap") }}', '![A \\[b\\]](a.png)\n\n*Cap*', true],
  ['{{ figure(src="a.png") }}', '{{ figure(src="a.png") }}', false],
  ['{% quote(author="Ada") %}\nFirst.\n\nSecond.\n{% end %}', '> First.\n>\n> Second.\n>\n> — Ada', true],
  ['{% note() %}Mind the {{ youtube(id="x") }}.{% end %}', '> **Note:** Mind the [Watch the video on YouTube](https://www.youtube.com/watch?v=x).', true],
  ['{% note(header="Quiz!") %}\n# Inside\n\nText.\n{% end %}', '> **Quiz:**\n>\n> # Inside\n>\n> Text.', true],
  ['{{ note(header="Note!", body="Mind the step") }}', '> **Note:** Mind the step', true],
  ['{{ gallery(dir="p") }}', '{{ gallery(dir="p") }}', false],
  ['{{/* gallery(dir="p") */}}', '{{ gallery(dir="p") }}', true],
  // A site's own shortcodes for the common things, known by name and a file argument.
  ['{{ wideImage(\n  img="a.png",\n  alt="A wide one"\n) }}', '![A wide one](a.png)', true],
  ['{{ photo(src="b.jpg", caption="At dusk") }}', '![At dusk](b.jpg)', true],
  ['{{ image_row(path="c.png") }}', '![c.png](c.png)', false],
  ['{{ video(src="/clips/x.mp4", title="The run") }}', '[The run](/clips/x.mp4)', true],
  ['{{ youtube_embed(id="abc") }}', '[Watch the video on YouTube](https://www.youtube.com/watch?v=abc)', true],
  ['{% load_data(path="diagram.svg") %}{% end %}', '![diagram.svg](diagram.svg)', false],
  ['{{ include(path="notes.txt") }}', '```text\nline one\n```', true],
  ['{{ include(path="absent.txt") }}', '{{ include(path="absent.txt") }}', false],
];

// What the site's files hold, as the import finds them beside the page or under static/.
const files: Record<string, { text: string; url: string | undefined }> = {
  'diagram.svg': { text: '<svg/>', url: 'diagram.svg' },
  'notes.txt': { text: 'line one\n', url: undefined },
};

for (const [text, markdown, converted] of conversions) {
  test(`${text} → ${JSON.stringify(markdown)}`, () => {
    const log = new ImportLog();
    const uses: ShortcodeUse[] = [];
    const out = convertShortcodes(text, 'content/a.md', 10, log, uses, (p) => files[p]);
    assert.equal(out.text, markdown);
    assert.equal(log.complete, converted);
    if (!converted) assert.equal(log.findings()[0]!.line, 10);
  });
}

test('calls inside a kept body are listed too, on their own lines, never converted', () => {
  const log = new ImportLog();
  const uses: ShortcodeUse[] = [];
  const text = 'intro\n{% aside() %}\nsee {{ youtube(id="x") }}\n{% end %}\n';
  assert.equal(convertShortcodes(text, 'content/a.md', 5, log, uses).text, text);
  assert.deepEqual(uses.map((u) => [u.name, u.line, u.converted]), [['aside', 6, false], ['youtube', 7, false]]);
  assert.deepEqual(log.findings().map((f) => [f.line, f.ruleId]), [[6, 'import-shortcode'], [7, 'import-shortcode']]);
});
