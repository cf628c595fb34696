// Durations of `galley sync`: Go's time.ParseDuration grammar plus plain seconds, through the one
// schema every interval, timeout and backoff uses, from a flag, a GALLEY_SYNC_* variable or the CLI.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDuration } from '../../src/sync/duration.ts';
import { kebab, parseSyncOptions } from '../../src/sync/parse-options.ts';
import { envName, syncOptionsSchema } from '../../src/sync/options.ts';
import { GalleyError } from '../../src/report/galley-error.ts';
import { runCli } from '../helpers/run-cli.ts';

/** [text, seconds]: what Go's time.ParseDuration returns for the Go forms, in seconds. */
const good: Array<[string, number]> = [
  ['30s', 30],
  ['1m30s', 90],
  ['500ms', 0.5],
  ['1h', 3600],
  ['1h2m3.5s', 3723.5],
  ['1.5h', 5400],
  ['.5s', 0.5],
  ['1.s', 1],
  ['2m0s', 120],
  ['1500us', 0.0015],
  ['1500µs', 0.0015],
  ['1500μs', 0.0015],
  ['250000000ns', 0.25],
  ['1s500ms', 1.5],
  ['+30s', 30],
  ['-30s', -30],
  ['0', 0],
  ['30', 30],
  ['0.5', 0.5],
];

/** Refused by Go too (spaces, words, capitals, days, bare sign or dot), or not a number of seconds. */
const bad = ['3O', '', 's', '30 s', ' 30s', '30s ', '1hour', '30S', '1d', '-', '+', '.', '.s', '1..2s', '1e3', '1h-2m', 'soon', '0x10'];

describe('parseDuration', () => {
  for (const [text, seconds] of good) {
    test(`\`${text}\` is ${seconds} s`, () => assert.ok(Math.abs(parseDuration(text)! - seconds) < 1e-12, String(parseDuration(text))));
  }
  for (const text of bad) test(`\`${text}\` is refused`, () => assert.equal(parseDuration(text), undefined));
});

describe('every duration option takes durations', () => {
  const required = { repository: 'x', dest: 'd', allowedSigners: 'a' };
  const durationKeys = ['interval', 'maxBackoff', 'grace', 'fetchTimeout', 'stale'] as const;

  test('each of them, from a flag or from GALLEY_SYNC_*', () => {
    for (const key of durationKeys) {
      assert.equal(parseSyncOptions({ ...flagsOf(required), [kebab(key)]: '1m30s' }, {})[key], 90, key);
      const env = { [envName(key)]: '500ms' };
      assert.equal(parseSyncOptions(flagsOf(required), env)[key], 0.5, key);
    }
  });

  test('defaults stay in seconds; numbers pass as seconds', () => {
    const options = syncOptionsSchema.parse(required);
    assert.deepEqual(durationKeys.map((k) => options[k]), [30, 300, 600, 120, 300]);
    assert.equal(syncOptionsSchema.parse({ ...required, interval: 2 }).interval, 2);
  });

  /** [flag, value, message]: the value named as given, what was expected after it. */
  const refused: Array<[string, string, string]> = [
    ['interval', '3O', 'Unexpected --interval value `3O`, expected a duration such as 30s'],
    ['fetch-timeout', '2 minutes', 'Unexpected --fetch-timeout value `2 minutes`, expected a duration such as 30s'],
    ['interval', '0s', 'Unexpected --interval value `0s`, expected a positive duration up to 596h'],
    ['stale', '-5m', 'Unexpected --stale value `-5m`, expected a positive duration up to 596h'],
    ['max-backoff', '600h', 'Unexpected --max-backoff value `600h`, expected a positive duration up to 596h'],
    ['grace', '-1s', 'Unexpected --grace value `-1s`, expected a duration up to 596h'],
  ];
  for (const [flag, value, message] of refused) {
    test(`--${flag}=${value} is a usage error`, () => {
      assert.throws(
        () => parseSyncOptions({ ...flagsOf(required), [flag]: value }, {}),
        (error: unknown) => error instanceof GalleyError && error.message === message && error.exitCode === 2 && error.ruleId === 'sync-option',
      );
    });
  }

  test('zero grace is allowed (prune at once), zero interval is not', () => {
    assert.equal(parseSyncOptions({ ...flagsOf(required), grace: '0s' }, {}).grace, 0);
  });

  test('the CLI prints the message, the rule id and a hint naming the variable, exit 2', async () => {
    const env = { GALLEY_SYNC_DEST: 'd', GALLEY_SYNC_ALLOWED_SIGNERS: 'a', GALLEY_SYNC_INTERVAL: '3O' };
    const result = await runCli(['sync', '--once', '--repository', 'x'], process.cwd(), env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unexpected --interval value `3O`, expected a duration such as 30s/);
    assert.match(result.stderr, /sync-option/);
    assert.match(result.stderr, /GALLEY_SYNC_INTERVAL/);
  });
});

function flagsOf(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [kebab(k), v]));
}
