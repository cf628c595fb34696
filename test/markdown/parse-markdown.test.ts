// The GFM extensions are given only to documents that can hold their constructs: that choice
// must never change a tree. Every Markdown file of the test fixtures, and random documents made
// of the characters the constructs start with, parse alike with the chosen set and with all.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { VFile } from 'vfile';
import { ALL, extensionSet, parseMarkdown } from '../../src/markdown/parse-markdown.ts';

const testRoot = path.resolve(import.meta.dirname, '..');
const markdownFiles = (readdirSync(testRoot, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).sort();

function same(text: string): void {
  const chosen = parseMarkdown(new VFile({ path: 'x.md', value: text }));
  const all = parseMarkdown(new VFile({ path: 'x.md', value: text }), ALL);
  assert.deepEqual(chosen, all);
}

test('every fixture parses alike with the chosen extensions and with all', () => {
  assert.ok(markdownFiles.length > 20);
  for (const f of markdownFiles) same(readFileSync(path.join(testRoot, f), 'utf8'));
});

test('random documents parse alike with the chosen extensions and with all', () => {
  const pieces = ['|', '-', ':', ' ', '\t', '\n', '\r\n', '> ', '- ', '1. ', '[', ']', '^', 'x', 'X', '~', '~~', 'a', 'b c', '*', '`', '\\', '#', '  ', '[^1]: ', '&#94;'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => same(parts.join(''))),
    { numRuns: 3000 },
  );
});

test('each construct is given its extension', () => {
  assert.equal(extensionSet('plain words only\n'), 0);
  // The edges: a one-cell table whose delimiter row has no pipe, a task box holding a tab or a line ending.
  for (const text of ['a [^1]\n\n[^1]: b\n', 'a ~~b~~\n', '| a |\n| - |\n', 'a\n:-\n', '> | a |\n> |---|\n', '- [x] done\n', '- [ ] open\n', '- [\t] tab\n', '- [\n] x\n']) {
    assert.notEqual(extensionSet(text), 0, text);
    same(text);
  }
  // A table the delimiter-row test must see: parsed with the chosen set, it is still a table.
  const tree = parseMarkdown(new VFile({ value: '- item\n\n  | a | b |\n  |:-:|--:|\n  | 1 | 2 |\n' }));
  assert.match(JSON.stringify(tree), /"type":"table"/);
});
