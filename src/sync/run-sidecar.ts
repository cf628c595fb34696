import type { Writable } from 'node:stream';
import { startHealthServer } from './health-server.ts';
import { jsonLog } from './log.ts';
import { SyncLoop } from './loop.ts';
import { SyncMetrics } from './metrics.ts';
import { syncVersion } from './sync-version.ts';
import type { SyncOptions } from './options.ts';
import { SYNC_PATH } from './sync-request.ts';
import { syncNowHandler } from './sync-now.ts';

export interface SidecarIO {
  /** Where the JSON log lines go. */
  stdout: Writable;
  /** Handle SIGTERM/SIGINT: finish the running cycle, then exit 0. */
  signals: boolean;
}

/** The long-running `galley sync`: the loop plus `/healthz` and `/metrics`; returns the exit code. */
export async function runSidecar(options: SyncOptions, io: SidecarIO): Promise<number> {
  const metrics = new SyncMetrics();
  const log = jsonLog(io.stdout);
  const loop = new SyncLoop(options, { metrics, log });
  // Handlers before anything async or logged: a signal right after `start` (a pod stopped as it
  // began) must stop the loop after its cycle, not kill the process mid-swap.
  const onSignal = (signal: NodeJS.Signals): void => {
    log('info', 'stopping', { signal, note: 'finishing the running cycle' });
    loop.stop();
  };
  if (io.signals) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  let health: Awaited<ReturnType<typeof startHealthServer>> | undefined;
  try {
    const routes = { [SYNC_PATH]: syncNowHandler({ allowedSigners: options.allowedSigners, loop, metrics, log }) };
    health = options.listen && !options.once ? await startHealthServer(options.listen, loop, metrics, options.stale, routes) : undefined;
    log('info', 'start', {
      version: syncVersion(),
      repository: options.repository.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/i, '$1***@'),
      ref: options.ref,
      dest: options.dest,
      intervalSeconds: options.interval,
      once: options.once,
      health: health?.url,
    });
    const code = await loop.run();
    log('info', 'stopped', { served: loop.served, exitCode: code });
    return code;
  } finally {
    if (io.signals) {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
    const server = health?.server;
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  }
}
