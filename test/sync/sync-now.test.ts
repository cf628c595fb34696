// Sync now (design §6): the sidecar bundle behind Debian's nginx with deploy/nginx/nginx.conf, and
// requests signed by the publisher's signing key POSTed to nginx's address. The sidecar polls every
// hour here, so only the request can explain a swap within the test.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { bundleSidecar } from '../../scripts/bundle-sidecar.ts';
import { httpGet, httpPostJson } from '../../src/publish/http-get.ts';
import { publishSite } from '../../src/publish/publish-site.ts';
import { requestSync, signSyncRequest, syncNudge } from '../../src/publish/request-sync.ts';
import { proveServed } from '../../src/publish/served-proof.ts';
import { SYNC_PATH } from '../../src/sync/sync-request.ts';
import { verifySyncRequest } from '../../src/sync/verify-sync-request.ts';
import { writeBuiltSite } from '../helpers/built-site.ts';
import { nginxSkip, serveWithNginx } from '../helpers/nginx.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { roundRobin } from '../helpers/served-chain.ts';
import { publishProject } from '../publish/publish-fixture.ts';
import { DeployRepo, makeKeys, siteFiles } from './fixtures.ts';
import { startSidecar, type LogEvent, type SidecarProcess } from './sidecar-process.ts';

const HOUR = '3600';
const isSwap = (revision: string) => (e: LogEvent) => e.event === 'cycle' && e.result === 'swapped' && e.revision === revision;

/** The sidecar on an ephemeral port, nginx passing the sync path to it. */
async function sidecarBehindNginx(args: string[], dest: string, replica?: string): Promise<{ sidecar: SidecarProcess; url: string; health: string }> {
  const bundle = await bundleSidecar(path.join(await tempDir('galley-sync-now-bundle-'), 'galley-sync.mjs'));
  const sidecar = startSidecar(bundle, [...args, '--dest', dest, '--interval', HOUR, '--listen', '127.0.0.1:0']);
  const health = String((await sidecar.waitFor((e) => e.event === 'start')).health);
  const nginx = await serveWithNginx(path.join(dest, 'current'), new URL(health).host, replica);
  return { sidecar, url: nginx.url, health };
}

async function stop(sidecar: SidecarProcess): Promise<void> {
  sidecar.child.kill('SIGTERM');
  assert.equal(await sidecar.exited, 0);
}

test('a signed request through nginx swaps at once; stale, forged, unknown and flooded requests are refused', { skip: nginxSkip, timeout: 120_000 }, async (t) => {
  const dir = await tempDir('galley-sync-now-');
  const keys = await makeKeys(path.join(dir, 'keys'));
  const repo = await DeployRepo.create(dir);
  const v1 = await repo.publish(siteFiles('v1'), { signWith: keys.signing });
  const { sidecar, url, health } = await sidecarBehindNginx(['--repository', repo.url, '--allowed-signers', keys.allowedSigners], path.join(dir, 'srv'));
  try {
    await sidecar.waitFor(isSwap(v1));
    const v2 = await repo.publish(siteFiles('v2'), { signWith: keys.signing });
    const pushed = performance.now();
    const post = async (body: unknown) => {
      const answer = await httpPostJson(`${url}${SYNC_PATH}`, body);
      return { status: answer.status, result: (JSON.parse(answer.body.toString('utf8')) as { result: string }).result };
    };

    const good = await signSyncRequest(keys.signing, v2);
    assert.deepEqual(await post(good), { status: 202, result: 'accepted' });
    await sidecar.waitFor(isSwap(v2));
    t.diagnostic(`push → swapped by the sync request: ${Math.round(performance.now() - pushed)} ms (poll interval ${HOUR} s)`);
    assert.deepEqual(await post(good), { status: 200, result: 'serving' }, 'a replay within the window costs no swap');

    // Refusals: each with its status, none starts a cycle.
    const cyclesBefore = sidecar.events.filter((e) => e.event === 'cycle').length;
    assert.deepEqual(await post({ ...good, revision: v1 }), { status: 403, result: 'bad-signature' }, 'a signature over another revision');
    assert.deepEqual(await post(await signSyncRequest(keys.stranger, v2)), { status: 403, result: 'unknown-key' });
    assert.deepEqual(await post(await signSyncRequest(keys.signing, v2, Date.now() - 10 * 60_000)), { status: 403, result: 'stale' });
    assert.deepEqual(await post(await signSyncRequest(keys.signing, v2, Date.now() + 10 * 60_000)), { status: 403, result: 'stale' }, 'from the future too');
    assert.deepEqual(await post({ revision: v2, time: 1 }), { status: 400, result: 'malformed' });
    assert.equal((await httpGet(`${url}${SYNC_PATH}`)).status, 403, 'nginx passes only POST');
    assert.equal((await httpGet(`${url}/metrics`)).status, 404, 'the sidecar\'s other paths are not published');

    // A flood of valid requests: the bucket answers most with 429, and the cycles they may start are few.
    const v3 = await repo.publish(siteFiles('v3'), { signWith: keys.signing });
    const signed = await Promise.all(Array.from({ length: 20 }, () => signSyncRequest(keys.signing, v3)));
    const flood = await Promise.all(signed.map(post));
    const limited = flood.filter((a) => a.status === 429).length;
    t.diagnostic(`flood of 20: ${20 - limited} let through, ${limited} rate-limited`);
    assert.ok(limited >= 15 - 4, `rate-limited ${limited} of 20`);
    assert.ok(flood.every((a) => a.status === 429 || a.status === 202 || a.status === 200), JSON.stringify(flood));
    await sidecar.waitFor(isSwap(v3));
    const cycles = sidecar.events.filter((e) => e.event === 'cycle').length - cyclesBefore;
    assert.ok(cycles <= 20 - limited, `${cycles} cycles for ${20 - limited} requests let through`);

    const metrics = await (await fetch(`${health}/metrics`)).text();
    for (const [result, at] of [['accepted', 1], ['serving', 1], ['bad-signature', 1], ['unknown-key', 1], ['stale', 2], ['malformed', 1], ['rate-limited', 11]] as const) {
      const count = Number(new RegExp(`galley_sync_requests_total\\{result="${result}"\\} (\\d+)`).exec(metrics)?.[1]);
      assert.ok(count >= at, `${result}: ${count} in\n${metrics}`);
    }
    const logged = sidecar.events.filter((e) => e.event === 'sync-request').map((e) => e.result);
    assert.ok(logged.includes('unknown-key') && logged.includes('stale'), 'each refusal is a log line');
  } finally {
    await stop(sidecar);
  }
});

test('galley publish asks for the sync and tags once served: push → tagged with a one-hour poll', { skip: nginxSkip, timeout: 120_000 }, async (t) => {
  const project = await publishProject('embedded');
  const ctx = project.ctx();
  const { sidecar, url } = await sidecarBehindNginx(
    ['--repository', ctx.remote, '--identity', ctx.keys.read, '--known-hosts', ctx.keys.knownHosts, '--allowed-signers', ctx.keys.allowedSigners],
    await tempDir('galley-sync-now-srv-'),
  );
  try {
    // Nothing is published yet: the first cycle fails and the loop backs off; the request wakes it.
    await sidecar.waitFor((e) => e.event === 'cycle' && e.result === 'failed');
    const lines: string[] = [];
    const target = { url, timeoutMs: 60_000, consecutive: 1, sidecars: [], nudge: syncNudge(url, ctx.keys.signing, (l) => lines.push(l)) };
    for (const version of ['one', 'two']) {
      await writeBuiltSite(project.siteDir, { 'index.html': `<h1>${version}</h1>\n` }, 'c'.repeat(40));
      let pushedAt = 0;
      const result = await publishSite({
        ctx,
        siteDir: project.siteDir,
        progress: (line) => void (line.startsWith('pushing') && (pushedAt = performance.now())),
        confirm: (commit, manifest) => proveServed(target, commit, manifest),
      });
      assert.match(result.tag ?? '', /^release\/dev\//, `${version}: tagged`);
      t.diagnostic(`publish ${version}: push → served and tagged in ${Math.round(performance.now() - pushedAt)} ms (poll interval ${HOUR} s)`);
      assert.match((await httpGet(`${url}/`)).body.toString(), new RegExp(version));
    }
    assert.match(lines.join('\n'), /asked http:\/\/127\.0\.0\.1:\d+ to sync [0-9a-f]{7} now: HTTP 202 accepted/);
    assert.equal((await requestSync('http://127.0.0.1:1', await signSyncRequest(ctx.keys.signing, 'a'.repeat(40)))).said, 'unreachable (ECONNREFUSED)', 'an address that does not answer is said, not thrown');
  } finally {
    await stop(sidecar);
  }
});

test('behind a strict rotation the nudge asks again until the replica that lags has the request', { skip: nginxSkip, timeout: 120_000 }, async () => {
  const dir = await tempDir('galley-sync-now-rr-');
  const keys = await makeKeys(path.join(dir, 'keys'));
  const repo = await DeployRepo.create(dir);
  const v1 = await repo.publish(siteFiles('v1'), { signWith: keys.signing });
  const args = ['--repository', repo.url, '--allowed-signers', keys.allowedSigners];
  const pods = [await sidecarBehindNginx(args, path.join(dir, 'a'), 'pod-a'), await sidecarBehindNginx(args, path.join(dir, 'b'), 'pod-b')];
  try {
    await Promise.all(pods.map((pod) => pod.sidecar.waitFor(isSwap(v1))));
    const url = await roundRobin(pods.map((pod) => pod.url));
    const v2 = await repo.publish(siteFiles('v2'), { signWith: keys.signing });
    // One answer takes pod-a's turn, so the nudge's first request reaches pod-b: pod-a must still be asked.
    assert.equal((await httpGet(`${url}/`)).headers['x-galley-replica'], 'pod-a');
    await syncNudge(url, keys.signing)(v2, 'pod-a');
    await pods[0]!.sidecar.waitFor(isSwap(v2));
    assert.ok(pods[0]!.sidecar.events.some((e) => e.event === 'sync-request' && e.result === 'accepted'), 'the lagging pod was asked');
  } finally {
    await Promise.all(pods.map((pod) => stop(pod.sidecar)));
  }
});

test('a signing key allowed only for git commits is refused for sync requests, with the line to add', async () => {
  const dir = await tempDir('galley-sync-now-ns-');
  const keys = await makeKeys(path.join(dir, 'keys'));
  const gitOnly = path.join(dir, 'allowed_signers.git-only');
  await writeFile(gitOnly, (await readFile(keys.allowedSigners, 'utf8')).replace('namespaces="git,galley-sync"', 'namespaces="git"'));
  const request = await signSyncRequest(keys.signing, 'b'.repeat(40));
  assert.ok(!('result' in (await verifySyncRequest(request, keys.allowedSigners))), 'listed for galley-sync: it verifies');
  const refused = await verifySyncRequest(request, gitOnly);
  assert.ok('result' in refused);
  assert.equal(refused.result, 'unknown-key');
  assert.match(refused.hint ?? '', /namespaces="git,galley-sync"/);
});
