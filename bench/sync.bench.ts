// Serving side (design §6): publish → served latency at a 1 s interval, the time to verify and swap
// in a 1,000-file release, and nginx requests/s while releases are swapped. Each figure is a
// ratio against a baseline measured here: plain `git clone --depth 1`, and the same load with no swaps.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { bundleSidecar } from '../scripts/bundle-sidecar.ts';
import { runCycle } from '../src/sync/cycle.ts';
import { NGINX_BIN, startNginx } from '../src/sync/nginx.ts';
import { DeployRepo, makeKeys, siteFiles } from '../test/sync/fixtures.ts';
import { loadLoop } from '../test/sync/load-loop.ts';
import { startSidecar } from '../test/sync/sidecar-process.ts';
import { medianMs, ratio, seconds } from './measure.ts';

const exec = promisify(execFile);
const PAGES = ['/', '/about', '/entries/entry-0/', '/entries/entry-1/', '/entries/entry-2/'];

export default async function bench(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'galley-bench-sync-'));
  try {
    const keys = await makeKeys(path.join(dir, 'keys'));
    await swapOfLargeSite(dir, keys);
    if (!existsSync(NGINX_BIN)) {
      console.log(`skipped: publish → served and requests/s need nginx (${NGINX_BIN})`);
      return;
    }
    await servedLatencyAndLoad(dir, keys);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function swapOfLargeSite(dir: string, keys: Awaited<ReturnType<typeof makeKeys>>): Promise<void> {
  const repo = await DeployRepo.create(path.join(dir, 'large'));
  const options = (dest: string) => ({
    repository: repo.url, ref: 'main', dest, allowedSigners: keys.allowedSigners, sshCommand: undefined,
    fetchTimeout: 120, maxDepth: 64, grace: 600, keep: 1,
  });
  const dest = path.join(dir, 'large', 'srv');
  await repo.publish(siteFiles('v0', { pages: 996, padding: 40 }), { signWith: keys.signing });
  await runCycle(options(dest));
  // Publishing is not timed: only the sidecar's cycle from fetch to the renamed `current`.
  const cycles: number[] = [];
  for (let n = 1; n <= 3; n++) {
    await repo.publish(siteFiles(`v${n}`, { pages: 996, padding: 40 }), { signWith: keys.signing });
    const started = performance.now();
    await runCycle(options(dest));
    cycles.push(performance.now() - started);
  }
  const cycle = median(cycles);
  let c = 0;
  const clone = await medianMs(() => exec('git', ['clone', '--quiet', '--depth', '1', repo.url, path.join(dir, 'large', `clone-${c++}`)]), 3);
  console.log(`fetch+verify+materialize+swap, 1,000 files: ${seconds(cycle)} (${ratio(cycle, clone)} of a plain \`git clone --depth 1\`, ${seconds(clone)})`);
}

async function servedLatencyAndLoad(dir: string, keys: Awaited<ReturnType<typeof makeKeys>>): Promise<void> {
  const repo = await DeployRepo.create(path.join(dir, 'served'));
  const dest = path.join(dir, 'served', 'srv');
  const bundle = await bundleSidecar(path.join(dir, 'galley-sync.mjs'));
  const nginx = await startNginx({
    configFile: path.join(import.meta.dirname, '../deploy/nginx/nginx.conf'),
    root: path.join(dest, 'current'),
    runtimeDir: path.join(dir, 'nginx'),
  });
  const sidecar = startSidecar(bundle, ['--repository', repo.url, '--dest', dest, '--allowed-signers', keys.allowedSigners, '--interval', '1', '--listen', '']);
  try {
    let version = 0;
    const served = async (v: string): Promise<void> => {
      for (;;) {
        const html = await (await fetch(`${nginx.url}/`)).text().catch(() => '');
        if (html.includes(`data-version="${v}"`)) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    // From the end of the push to the first nginx response with the new version.
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const v = `v${++version}`;
      await repo.publish(siteFiles(v), { signWith: keys.signing });
      const pushed = performance.now();
      await served(v);
      latencies.push(performance.now() - pushed);
    }
    const latencyAfterPush = median(latencies);
    console.log(`publish → served through nginx, interval 1 s: ${seconds(latencyAfterPush)} after the push (${ratio(latencyAfterPush, 1000)} of the interval)`);

    const bounded = { baseUrl: nginx.url, pages: PAGES, concurrency: 8, maxRequests: 200_000, maxMs: 10_000 };
    const quiet = await loadLoop(bounded);
    // Swaps back to back (publish, wait until served) for as long as the load runs.
    let swapping = true;
    const swaps = (async () => {
      let count = 0;
      while (swapping) {
        const v = `v${++version}`;
        await repo.publish(siteFiles(v), { signWith: keys.signing });
        await served(v);
        count++;
      }
      return count;
    })();
    const busy = await loadLoop(bounded);
    swapping = false;
    const swapCount = await swaps;
    const rate = (r: typeof quiet) => r.requests / r.seconds;
    console.log(
      `nginx requests/s during ${swapCount} swaps: ${rate(busy).toFixed(0)} (${ratio(rate(busy), rate(quiet))} of ${rate(quiet).toFixed(0)} with no swaps); ` +
        `non-2xx ${busy.non2xx.length}, page/asset mixes ${busy.mixes.length} of ${busy.requests} requests`,
    );
  } finally {
    sidecar.child.kill('SIGTERM');
    await sidecar.exited;
    await nginx.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
