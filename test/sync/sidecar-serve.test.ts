// The sidecar bundle (as the container runs it) feeding Debian's nginx with deploy/nginx/nginx.conf:
// first publish served, releases swapped under a bounded load with zero errors and zero page/asset
// mixes, a refused commit leaves the last good release served and says why, SIGTERM exits cleanly.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { bundleSidecar } from '../../scripts/bundle-sidecar.ts';
import { nginxSkip, serveWithNginx } from '../helpers/nginx.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { DeployRepo, makeKeys, siteFiles } from './fixtures.ts';
import { loadLoop } from './load-loop.ts';
import { startSidecar, type LogEvent } from './sidecar-process.ts';

const PAGES = ['/', '/about', '/entries/entry-0/', '/entries/entry-1/', '/entries/entry-2/'];

async function servedVersion(url: string): Promise<string | undefined> {
  const response = await fetch(`${url}/`);
  const html = await response.text();
  return response.ok ? /data-version="([^"]+)"/.exec(html)?.[1] : undefined;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const isCycle = (result: string, revision?: string) => (e: LogEvent) =>
  e.event === 'cycle' && e.result === result && (revision === undefined || e.revision === revision);

describe('sync sidecar behind nginx', { skip: nginxSkip }, () => {
  test('publish → served, swaps under load, refusals, SIGTERM', { timeout: 180_000 }, async (t) => {
    const dir = await tempDir('galley-sidecar-');
    const bundle = await bundleSidecar(path.join(dir, 'galley-sync.mjs'));
    const keys = await makeKeys(path.join(dir, 'keys'));
    const repo = await DeployRepo.create(dir);
    const dest = path.join(dir, 'srv');
    const nginx = await serveWithNginx(path.join(dest, 'current'));
    // Flags and GALLEY_SYNC_* variables both configure it, as in the container.
    const sidecar = startSidecar(bundle, ['--repository', repo.url, '--dest', dest, '--interval', '0.25', '--max-backoff', '1', '--listen', '127.0.0.1:0'], {
      GALLEY_SYNC_ALLOWED_SIGNERS: keys.allowedSigners,
    });
    try {
      const health = String((await sidecar.waitFor((e) => e.event === 'start')).health);
      assert.equal((await fetch(`${health}/healthz`)).status, 503, 'not ready before the first release');

      const v1 = await repo.publish(siteFiles('v1'), { signWith: keys.signing });
      const pushed = Date.now();
      const first = await sidecar.waitFor(isCycle('swapped', v1));
      // Served within one interval: no cycle that started after the push went by without serving it.
      const cycles = sidecar.events.filter((e) => e.event === 'cycle');
      const missed = cycles.slice(0, cycles.indexOf(first)).filter((e) => Date.parse(String(e.startedAt)) >= pushed);
      assert.deepEqual(missed, [], 'cycles after the push that did not serve it');
      assert.deepEqual((first.verification as { signature: string }).signature, 'good');
      assert.equal(await until(() => servedVersion(nginx.url), 'v1 through nginx'), 'v1');
      assert.equal((await fetch(`${health}/healthz`)).status, 200);
      const metrics = await (await fetch(`${health}/metrics`)).text();
      assert.match(metrics, new RegExp(`galley_sync_revision_info\\{revision="${v1}"\\} 1`));
      assert.match(metrics, /galley_sync_last_success_timestamp_seconds \d/);
      assert.match(metrics, /galley_sync_fetched_bytes_total [1-9]/);
      assert.match(metrics, /galley_sync_cycle_duration_seconds_count\{result="swapped"\} 1/);

      // Swaps while readers load pages and their hashed stylesheets through nginx.
      let v3 = '';
      const publishing = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await repo.publish(siteFiles('v2'), { signWith: keys.signing });
        await sidecar.waitFor(isCycle('swapped'), 30_000);
        v3 = await repo.publish(siteFiles('v3'), { signWith: keys.signing });
        await sidecar.waitFor(isCycle('swapped', v3), 30_000);
      })();
      let published = false;
      void publishing.then(() => (published = true));
      const load = await loadLoop({
        baseUrl: nginx.url,
        pages: PAGES,
        maxRequests: 50_000,
        maxMs: 30_000,
        until: (r) => published && r.versions.has('v3'),
      });
      await publishing;
      t.diagnostic(`load under swaps: ${load.requests} requests in ${load.seconds.toFixed(1)} s, ${load.non2xx.length} non-2xx, ${load.mixes.length} mixes`);
      assert.deepEqual(load.non2xx.slice(0, 5), [], `non-2xx responses during swaps (${load.non2xx.length} of ${load.requests})`);
      assert.deepEqual(load.mixes.slice(0, 5), [], `page/asset version mixes (${load.mixes.length})`);
      assert.ok(load.versions.has('v1') && load.versions.has('v3'), `saw ${[...load.versions].join(', ')}`);

      // A refused commit: the last good release stays served, and the log and metric say why.
      const bad = await repo.publish(siteFiles('v4'), { signWith: keys.stranger });
      const refused = await sidecar.waitFor(isCycle('failed', bad));
      assert.equal(refused.reason, 'signature-untrusted');
      assert.equal(refused.served, v3);
      assert.equal(await servedVersion(nginx.url), 'v3');
      assert.match(await (await fetch(`${health}/metrics`)).text(), /galley_sync_failures_total\{reason="signature-untrusted"\} [1-9]/);
      assert.equal((await fetch(`${health}/healthz`)).status, 200, 'healthy until the last success is stale');
    } finally {
      sidecar.child.kill('SIGTERM');
    }
    assert.equal(await sidecar.exited, 0);
    assert.ok(sidecar.events.some((e) => e.event === 'stopped'), 'SIGTERM finishes the cycle and logs the stop');
  });

  test('SIGTERM during a cycle lets it finish, then exits 0', { timeout: 60_000 }, async () => {
    const dir = await tempDir('galley-sidecar-term-');
    const bundle = await bundleSidecar(path.join(dir, 'galley-sync.mjs'));
    const keys = await makeKeys(path.join(dir, 'keys'));
    const repo = await DeployRepo.create(dir);
    const v1 = await repo.publish(siteFiles('v1'), { signWith: keys.signing });
    // A slow link: the fetch is still under way when the signal arrives.
    const slowSsh = `DELAY_MS=1500 ${process.execPath} ${path.join(import.meta.dirname, 'transport/local-ssh.mjs')}`;
    const sidecar = startSidecar(bundle, [
      '--repository', `ssh://deploy.invalid${repo.bare}`, '--ssh-command', slowSsh, '--dest', path.join(dir, 'srv'),
      '--allowed-signers', keys.allowedSigners, '--listen', '',
    ]);
    await sidecar.waitFor((e) => e.event === 'start');
    sidecar.child.kill('SIGTERM');
    assert.equal(await sidecar.exited, 0);
    const events = sidecar.events.map((e) => e.event);
    assert.deepEqual(events, ['start', 'stopping', 'cycle', 'stopped'], 'the cycle under way completed after the signal');
    assert.equal(sidecar.events[2]!.result, 'swapped');
    assert.equal(sidecar.events[2]!.revision, v1);
  });
});
