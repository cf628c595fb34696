import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rules, scanTree } from '../../src/leak/index.ts';
import type { Finding } from '../../src/report/finding.ts';
import { VIEWS } from './corpus.ts';
import { corpusSkipReason, makeCorpus, missingTool } from './fixtures.ts';

const skip = corpusSkipReason();
const corpus = skip ? undefined : await makeCorpus();
const found = corpus ? await scanTree(corpus.site, { allow: [] }) : [];
const key = (f: Pick<Finding, 'file' | 'line' | 'column' | 'ruleId'>): string => `${f.file}:${f.line}:${f.column} ${f.ruleId}`;

test('the corpus plants every rule', { skip }, () => {
  const planted = new Set(corpus!.leaks.map((l) => l.rule));
  for (const rule of rules) assert.ok(planted.has(rule.id), `no planted value for ${rule.id}`);
  assert.ok(corpus!.traps.length >= corpus!.leaks.length, 'at least as many traps as leaks');
});

test('the corpus has a PGP secret key block made by gpg', { skip: skip || missingTool('gpg', ['--version']) }, () => {
  assert.ok(corpus!.leaks.some((l) => l.label === 'key-pgp'), 'gpg is installed but made no key');
});

// The table: every planted value in every view is found exactly where it was planted, with its
// rule, and nothing else is found (no trap, no second report of the same value).
for (const view of VIEWS) {
  test(`view ${view.name}: exact findings for every leak, none for any trap`, { skip }, () => {
    const inView = (file: string): boolean => file.endsWith(`.${view.name}.${view.ext}`);
    const want = corpus!.expected.filter((e) => inView(e.file)).map(key).sort();
    const got = found.filter((f) => inView(f.file)).map(key).sort();
    assert.deepEqual(got, want);
    assert.equal(want.length, corpus!.leaks.length);
  });
}

test('findings carry a fingerprint, a hint and the leak source, and are sorted', { skip }, () => {
  for (const f of found) {
    assert.match(f.fingerprint ?? '', /^[0-9a-f]{64}$/);
    assert.equal(f.source, 'leak');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^Unexpected .+, expected /);
    assert.ok(f.hint?.includes(f.fingerprint!));
  }
  const files = found.map((f) => f.file);
  assert.deepEqual(files, [...files].sort((a, b) => a.localeCompare(b)));
});

test('the same value in different views has one fingerprint', { skip }, () => {
  for (const leak of corpus!.leaks) {
    const prints = new Set(found.filter((f) => f.file.startsWith(`leaks/${leak.label}.`)).map((f) => f.fingerprint));
    assert.equal(prints.size, 1, `${leak.label}: ${prints.size} fingerprints`);
  }
});

test('no planted value appears in any message, hint or field', { skip }, () => {
  const text = JSON.stringify(found);
  for (const planted of [...corpus!.leaks, ...corpus!.traps]) {
    assert.ok(!text.includes(planted.value), `${planted.label} printed`);
  }
});
