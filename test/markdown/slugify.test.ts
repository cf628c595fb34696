import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SlugCounter, slugify } from '../../src/markdown/slugify.ts';

// Expected slugs were produced by Zola's own rule (the `slug` crate over deunicode 1.6.2, the
// version Zola pins) for these inputs; they are data, so a regression in any script shows here.
const cases = JSON.parse(readFileSync(new URL('./slugify-cases.json', import.meta.url), 'utf8')) as {
  input: string;
  slug: string;
}[];

for (const { input, slug } of cases) {
  test(`slugify(${JSON.stringify(input)}) is ${slug}`, () => {
    assert.equal(slugify(input), slug);
  });
}

test('slugify never leaves a leading, trailing or doubled dash', () => {
  for (const input of ['--a--b--', '  ', '日本 ', '…a…', '🚀🚀']) {
    const slug = slugify(input);
    assert.doesNotMatch(slug, /^-|-$|--/, `${input} → ${slug}`);
  }
});

test('SlugCounter numbers repeats in order', () => {
  const counter = new SlugCounter();
  assert.deepEqual(['intro', 'intro', 'intro-1', 'intro'].map((s) => counter.unique(s)), ['intro', 'intro-1', 'intro-1-1', 'intro-2']);
});
