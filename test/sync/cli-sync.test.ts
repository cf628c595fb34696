// `galley sync` as a verb: flags and GALLEY_SYNC_* variables, `--once` exit codes, JSON log lines,
// and the loop's backoff and health rules.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { SyncLoop } from '../../src/sync/loop.ts';
import { SyncMetrics } from '../../src/sync/metrics.ts';
import { syncOptionsSchema } from '../../src/sync/options.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { DeployRepo, makeKeys, siteFiles } from './fixtures.ts';

describe('galley sync --once', () => {
  test('exit 0 serving, 1 refusing, 3 when the remote is down; one JSON event per line', async () => {
    const dir = await tempDir('galley-sync-cli-');
    const keys = await makeKeys(path.join(dir, 'keys'));
    const repo = await DeployRepo.create(dir);
    const dest = path.join(dir, 'srv');
    const env = { ...process.env, GALLEY_SYNC_ALLOWED_SIGNERS: keys.allowedSigners, GALLEY_SYNC_DEST: dest };
    const sync = (repoUrl: string) => runCli(['sync', '--once', '--repository', repoUrl], dir, env);

    const v1 = await repo.publish(siteFiles('v1'), { signWith: keys.signing });
    const ok = await sync(repo.url);
    assert.equal(ok.code, 0, ok.stderr);
    const events = ok.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const cycle = events.find((e) => e.event === 'cycle')!;
    assert.equal(cycle.result, 'swapped');
    assert.equal(cycle.revision, v1);
    assert.equal(typeof cycle.durationMs, 'number');

    await repo.publish(siteFiles('v2'), { signWith: null });
    const refused = await sync(repo.url);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /"reason":"signature-missing"/);

    const down = await sync(`file://${path.join(dir, 'nowhere.git')}`);
    assert.equal(down.code, 3);
    assert.match(down.stdout, /"reason":"fetch-unreachable"/);
  });

  test('a missing option is a usage error naming the flag and its variable', async () => {
    const dir = await tempDir('galley-sync-cli-');
    const result = await runCli(['sync', '--once', '--repository', 'file:///x'], dir, { PATH: process.env.PATH });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unexpected missing --dest/);
    assert.match(result.stderr, /GALLEY_SYNC_DEST/);
    const bad = await runCli(['sync', '--once', '--repository', 'x', '--dest', 'd', '--allowed-signers', 'a', '--interval', 'soon'], dir, {});
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--interval/);
  });

  test('the read key and known_hosts come together, and not with a whole --ssh-command', async () => {
    const dir = await tempDir('galley-sync-cli-');
    const base = ['sync', '--once', '--repository', 'ssh://git.example.org/site.git', '--dest', 'd', '--allowed-signers', 'a'];
    const lone = await runCli([...base, '--identity', 'read_key'], dir, {});
    assert.equal(lone.code, 2);
    assert.match(lone.stderr, /Unexpected missing --known-hosts/);
    const both = await runCli([...base, '--identity', 'k', '--known-hosts', 'h', '--ssh-command', 'ssh'], dir, {});
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--ssh-command with --identity/);
  });

  test('--help lists every option with its variable', async () => {
    const result = await runCli(['sync', '--help'], process.cwd());
    for (const key of Object.keys(syncOptionsSchema.shape)) assert.match(result.stdout, new RegExp(`GALLEY_SYNC_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}\\b`));
  });
});

describe('sync loop rules', () => {
  const options = syncOptionsSchema.parse({ repository: 'x', dest: 'd', allowedSigners: 'a', interval: 30, jitter: 0.1, maxBackoff: 300 });
  const loop = (random = 0.5) => new SyncLoop(options, { metrics: new SyncMetrics(), log: () => undefined, random: () => random });

  test('waits the interval ± jitter, and backs off exponentially to the cap after failures', () => {
    const l = loop();
    const waits = [0, 1, 2, 3, 4, 5].map((failures) => ((l.failures = failures), l.nextDelayMs() / 1000));
    assert.deepEqual(waits, [30, 60, 120, 240, 300, 300]);
    assert.equal(loop(0).nextDelayMs() / 1000, 27);
    assert.equal(loop(1).nextDelayMs() / 1000, 33);
  });

  test('healthy only after a success, and not once it is stale', () => {
    const l = loop();
    assert.equal(l.healthy(300), false);
    l.lastSuccessMs = 1_000_000;
    assert.equal(l.healthy(300, 1_000_000 + 299_000), true);
    assert.equal(l.healthy(300, 1_000_000 + 301_000), false);
  });
});
