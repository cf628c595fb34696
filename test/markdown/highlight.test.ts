// Each language galley lists gets highlighted: the code of every `lang-*` golden fixture of the
// reading aids, through the grammar its fence names, yields token spans with `hljs-*` classes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ElementContent } from 'hast';
import { grammarFor, highlightText, knownLanguages, PLAIN_LANGUAGES } from '../../src/markdown/highlight.ts';

const fixtures = path.join(import.meta.dirname, '../reading-aids/fixtures');
const languages = readdirSync(fixtures).filter((n) => n.startsWith('lang-')).sort();

function tokenClasses(nodes: ElementContent[]): string[] {
  return nodes.flatMap((n) => (n.type === 'element' ? [...((n.properties.className as string[] | undefined) ?? []), ...tokenClasses(n.children)] : []));
}

test('every listed language has a fixture', () => {
  // The 17 grammars the README lists, each under one of its names.
  const listed = ['yaml', 'nix', 'sh', 'bash', 'console', 'toml', 'json', 'ts', 'tsx', 'js', 'diff', 'dockerfile', 'nginx', 'ini', 'go', 'rust', 'python', 'css'];
  assert.deepEqual(listed.filter((l) => !languages.includes(`lang-${l}`)), []);
});

for (const dir of languages) {
  test(`highlighted: ${dir}`, () => {
    const input = readFileSync(path.join(fixtures, dir, 'input.md'), 'utf8');
    const m = /^```(\S+)\n([\s\S]*?\n)```/m.exec(input);
    assert.ok(m, 'the fixture has a fenced block');
    const grammar = grammarFor(m[1]!);
    assert.ok(grammar, `\`${m[1]}\` names a grammar`);
    const classes = tokenClasses(highlightText(m[2]!, grammar));
    assert.ok(classes.filter((c) => c.startsWith('hljs-')).length >= 2, `tokens found: ${classes.join(' ')}`);
  });
}

test('every known name but the plain ones names a grammar', () => {
  const missing = knownLanguages().filter((l) => !PLAIN_LANGUAGES.has(l) && grammarFor(l) === undefined);
  assert.deepEqual(missing, []);
  assert.equal(grammarFor('YAML'), 'yaml', 'names are case-insensitive');
});

test('a cached block comes back as a fresh copy', () => {
  const first = highlightText('a: 1\n', 'yaml');
  (first[0] as { type: string }).type = 'text';
  assert.equal(highlightText('a: 1\n', 'yaml')[0]!.type, 'element');
});
