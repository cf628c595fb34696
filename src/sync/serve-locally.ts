import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { CycleOutcome } from './cycle.ts';
import type { SyncFailure } from './failure.ts';
import { startHealthServer } from './health-server.ts';
import { jsonLog } from './log.ts';
import { SyncLoop } from './loop.ts';
import { SyncMetrics } from './metrics.ts';
import { NGINX_BIN, startNginx } from './nginx.ts';
import { syncOptionsSchema } from './options.ts';
import { SYNC_PATH } from './sync-request.ts';
import { syncNowHandler } from './sync-now.ts';
import { serveStatic, type ServeHooks } from '../serve/static-server.ts';
import { MANIFEST_PATH } from '../output/manifest.ts';
import { SERVED_MANIFEST } from '../publish/served-proof.ts';

export interface LocalServingOptions {
  repository: string;
  sshCommand: string;
  allowedSigners: string;
  /** Holds releases/, current and the fetch repository. */
  dest: string;
  nginxConf: string;
  /** Wanted port on 127.0.0.1 (another is taken if it is busy). */
  port?: number;
  interval?: number;
  /** false: the fallback static server even where nginx is installed. */
  nginx?: boolean;
  /** Where the sync loop's JSON log lines go. */
  log: Writable;
  onCycle?: (result: CycleOutcome | SyncFailure) => void;
}

export interface LocalServing {
  url: string;
  server: 'nginx' | 'embedded static server';
  stop(): Promise<void>;
}

/**
 * The serving half of `npm start`: the sync loop with the read key into `dest`, and nginx with
 * deploy/nginx/nginx.conf over `dest/current` (or the fallback static server when nginx is not
 * installed), all on 127.0.0.1. nginx passes sync-now requests to the loop's own listener, as in
 * the pod.
 */
export async function serveLocally(options: LocalServingOptions): Promise<LocalServing> {
  const sync = syncOptionsSchema.parse({
    repository: options.repository,
    dest: options.dest,
    allowedSigners: options.allowedSigners,
    sshCommand: options.sshCommand,
    interval: options.interval ?? 2,
    grace: 60,
    listen: '',
  });
  const metrics = new SyncMetrics();
  const log = jsonLog(options.log);
  const loop = new SyncLoop(sync, { metrics, log, onCycle: options.onCycle });
  const running = loop.run();
  const listener = await startHealthServer('127.0.0.1:0', loop, metrics, sync.stale, {
    [SYNC_PATH]: syncNowHandler({ allowedSigners: sync.allowedSigners, loop, metrics, log }),
  });
  const root = path.join(sync.dest, 'current');
  let url: string;
  let close: () => Promise<unknown>;
  let server: LocalServing['server'];
  if ((options.nginx ?? true) && existsSync(NGINX_BIN)) {
    const sidecar = new URL(listener.url).host;
    const nginx = await startNginx({ configFile: options.nginxConf, root, runtimeDir: path.join(sync.dest, '.nginx'), port: options.port, sidecar });
    ({ url } = nginx);
    close = () => nginx.stop();
    server = 'nginx';
  } else {
    const fallback = await serveStatic(root, options.port ?? 0, '127.0.0.1', { route: servedManifest(root) });
    url = fallback.url.replace(/\/$/, '');
    close = () => fallback.close();
    server = 'embedded static server';
  }
  return {
    url,
    server,
    async stop() {
      loop.stop();
      await running;
      await close();
      await new Promise((resolve) => listener.server.close(resolve));
    },
  };
}

/** The fallback's answer at nginx's well-known manifest URL, so publish's served proof works there too. */
function servedManifest(root: string): NonNullable<ServeHooks['route']> {
  return (pathname, _req, res) => {
    if (pathname !== SERVED_MANIFEST) return false;
    readFile(path.join(root, MANIFEST_PATH)).then(
      (bytes) => res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' }).end(bytes),
      () => res.writeHead(404).end(),
    );
    return true;
  };
}
