import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slugifyAnchor, slugifyPath, uniqueAnchor } from '../../src/import-zola/zola-slugs.ts';

// Zola's own table (utils/src/slugs.rs): input → (on, safe, off), for paths and for anchors.
const paths: [string, [string, string, string]][] = [
  ['input', ['input', 'input', 'input']],
  ['test ', ['test', 'test', 'test ']],
  ['tes t', ['tes-t', 'tes t', 'tes t']],
  ['dot. ', ['dot', 'dot', 'dot. ']],
  ['日本', ['ri-ben', '日本', '日本']],
  ['héhé', ['hehe', 'héhé', 'héhé']],
  ['test (hey)', ['test-hey', 'test (hey)', 'test (hey)']],
];
const anchors: [string, [string, string, string]][] = [
  ['input', ['input', 'input', 'input']],
  ['test ', ['test', 'test_', 'test_']],
  ['tes t', ['tes-t', 'tes_t', 'tes_t']],
  ['dot. ', ['dot', 'dot._', 'dot._']],
  ['日本', ['ri-ben', '日本', '日本']],
  ['héhé', ['hehe', 'héhé', 'héhé']],
  ['test (hey)', ['test-hey', 'test_(hey)', 'test_(hey)']],
];
const strategies = ['on', 'safe', 'off'] as const;

for (const [input, expected] of paths) {
  test(`path ${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
    assert.deepEqual(strategies.map((s) => slugifyPath(input, s)), expected);
  });
}
for (const [input, expected] of anchors) {
  test(`anchor ${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
    assert.deepEqual(strategies.map((s) => slugifyAnchor(input, s)), expected);
  });
}

test('a taken anchor gets the first free -1, -2 suffix', () => {
  assert.equal(uniqueAnchor(new Set(['example', 'example-1']), 'example'), 'example-2');
  assert.equal(uniqueAnchor(new Set(['other']), 'example'), 'example');
});
