import assert from 'node:assert/strict';
import { test } from 'node:test';
import { didYouMean, editDistance } from '../../src/report/did-you-mean.ts';

test('edit distance counts a transposition as one step', () => {
  assert.equal(editDistance('titel', 'title'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
});

test('did-you-mean picks the closest candidate and gives up when nothing is close', () => {
  assert.equal(didYouMean('titel', ['title', 'tags', 'date']), 'title');
  assert.equal(didYouMean('sumary', ['summary', 'subtitle']), 'summary');
  assert.equal(didYouMean('zzzzzz', ['title', 'tags']), undefined);
});
