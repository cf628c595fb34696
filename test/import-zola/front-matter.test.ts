import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrontMatterError, splitFrontMatter } from '../../src/import-zola/split-front-matter.ts';

test('a TOML header: tables, dates, the body and each key line', () => {
  const fm = splitFrontMatter('+++\ntitle = "A"\ndate = 2024-01-02\n\n[extra]\nstatus = "x"\n+++\nBody\n');
  assert.equal(fm.format, 'toml');
  assert.equal(fm.data.title, 'A');
  assert.ok(fm.data.date instanceof Date);
  assert.deepEqual({ ...(fm.data.extra as object) }, { status: 'x' });
  assert.equal(fm.body, 'Body\n');
  assert.equal(fm.bodyLine, 8);
  assert.deepEqual([fm.keyLines.get('title'), fm.keyLines.get('extra'), fm.keyLines.get('extra.status')], [2, 5, 6]);
});

test('a YAML header, with leading blank lines as Zola allows', () => {
  const fm = splitFrontMatter('\n---\ntitle: B\nextra:\n  status: y\n---\n\nText');
  assert.equal(fm.format, 'yaml');
  assert.deepEqual(fm.data, { title: 'B', extra: { status: 'y' } });
  assert.equal(fm.body, '\nText');
  assert.deepEqual([fm.keyLines.get('title'), fm.keyLines.get('extra.status')], [3, 5]);
});

const broken: [string, number][] = [
  ['No header at all', 1],
  ['+++\ntitle = "A"\ndate = \n+++\n', 3],
  ['---\ntitle: [unclosed\n---\n', 3], // YAML reports where the sequence should have closed
];
for (const [source, line] of broken) {
  test(`a broken header is placed at line ${line}: ${JSON.stringify(source.slice(0, 20))}`, () => {
    assert.throws(() => splitFrontMatter(source), (e: unknown) => e instanceof FrontMatterError && e.line === line);
  });
}
