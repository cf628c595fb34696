// The rate limit of sync requests, on a clock the test moves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenBucket } from '../../src/sync/token-bucket.ts';

test('a burst, then one token per refill period, never more than the capacity', () => {
  let now = 0;
  const bucket = new TokenBucket(3, 6000, () => now);
  assert.deepEqual([1, 2, 3, 4].map(() => bucket.take()), [true, true, true, false]);
  assert.equal(bucket.retryAfterSeconds(), 6);
  now += 5999;
  assert.equal(bucket.take(), false);
  now += 1;
  assert.equal(bucket.take(), true);
  now += 10 * 6000;
  assert.deepEqual([1, 2, 3, 4].map(() => bucket.take()), [true, true, true, false], 'an idle hour does not save up more than the burst');
});
