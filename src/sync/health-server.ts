import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SyncLoop } from './loop.ts';
import type { SyncMetrics } from './metrics.ts';

/**
 * `/healthz` (503 until a good release is served or when the last success is stale), `/metrics`,
 * and any further `routes` (the sync-now request).
 */
export async function startHealthServer(
  listen: string,
  loop: SyncLoop,
  metrics: SyncMetrics,
  staleSeconds: number,
  routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {},
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const url = req.url?.split('?')[0];
    const route = url === undefined ? undefined : routes[url];
    if (route) return route(req, res);
    if (url === '/healthz') {
      const ok = loop.healthy(staleSeconds);
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      const lastSuccess = loop.lastSuccessMs === undefined ? null : new Date(loop.lastSuccessMs).toISOString();
      res.end(`${JSON.stringify({ status: ok ? 'ok' : 'unavailable', revision: loop.served ?? null, lastSuccess })}\n`);
      return;
    }
    if (url === '/metrics') {
      metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found: try /healthz or /metrics\n');
  });
  const at = listen.lastIndexOf(':');
  const host = listen.slice(0, at) || '0.0.0.0';
  const port = Number(listen.slice(at + 1));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host.replace(/^\[|\]$/g, ''), () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shown}:${address.port}` };
}
