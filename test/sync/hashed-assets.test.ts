import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHashedAsset } from '../../src/sync/hashed-assets.ts';

const cases: [string, boolean][] = [
  ['assets/site.cdc2c20a.css', true],
  ['assets/htmx.d6fdc75f.min.js', true],
  ['assets/site.cdc2c20a.css.gz', true],
  ['assets/fonts/serif.0123abcd.woff2', true],
  ['assets/site.css', false],
  ['assets/site.CDC2C20A.css', false],
  ['assets/site.cdc2c20.css', false],
  ['entries/x.cdc2c20a.css', false],
  ['assets/cdc2c20a', false],
];

for (const [file, hashed] of cases) {
  test(`${file} ${hashed ? 'is' : 'is not'} a hashed asset`, () => assert.equal(isHashedAsset(file), hashed));
}
