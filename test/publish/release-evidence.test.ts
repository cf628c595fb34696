// A known-good tag's message is read back by status and rollback: every field survives the trip.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEvidence, formatEvidence, parseEvidence, type ReleaseEvidence } from '../../src/publish/release-evidence.ts';

const RELEASE = '2068cc00a0bd'.padEnd(40, '0');
const base: ReleaseEvidence = {
  release: RELEASE,
  sourceCommit: 'a'.repeat(40),
  sourceDirty: false,
  generator: '0.4.0',
  url: 'https://news.example.org',
  answersInARow: 16,
  filesChecked: 42,
  replicas: ['galley-7d9f-abcde', 'galley-7d9f-fghij'],
  provenAt: '2026-12-07T21:00:00Z',
};

const cases: { name: string; evidence: ReleaseEvidence }[] = [
  { name: 'two replicas, clean source', evidence: base },
  { name: 'dirty source', evidence: { ...base, sourceDirty: true } },
  { name: 'built outside git, dirtiness unknown', evidence: { ...base, sourceCommit: null, sourceDirty: null } },
  { name: 'a server that names no replica', evidence: { ...base, replicas: [], answersInARow: 1 } },
];

for (const c of cases) {
  test(`tag evidence round trip: ${c.name}`, () => {
    const message = formatEvidence('prod', c.evidence);
    assert.match(message, /^Known-good prod release 2068cc00a0bd\n\n/);
    // git appends the tag's SSH signature to the message it returns.
    const signed = `${message}-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n`;
    assert.deepEqual(parseEvidence(RELEASE, signed), c.evidence);
  });
}

test('a tag from before tags carried evidence parses to nothing, and says so', () => {
  assert.equal(parseEvidence(RELEASE, 'Known-good dev release 2068cc00a0bd\n'), undefined);
  assert.equal(parseEvidence(RELEASE, formatEvidence('dev', base).replace(/^Files-Checked: .*\n/m, '')), undefined, 'a missing field is not guessed');
  assert.match(describeEvidence(undefined), /no evidence in the tag/);
  assert.equal(
    describeEvidence(base),
    'built from aaaaaaaaaaaa by galley 0.4.0; proven 2026-12-07T21:00:00Z at https://news.example.org: 16 answer(s) in a row, 42 files hash-checked, 2 replica(s) seen',
  );
});
