import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after } from 'node:test';

export interface ServedSite {
  url: string;
  /** Which server answers, for the test output. */
  server: string;
  stop(): Promise<void>;
}

const projectRoot = path.resolve(import.meta.dirname, '../..');
const NGINX_CONF = path.join(projectRoot, 'deploy/nginx/nginx.conf');

// The policy design §6 asks of nginx; read from its config when that exists so the two agree.
const SELF_ONLY_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

function cspOfNginxConf(): string {
  if (!existsSync(NGINX_CONF)) return SELF_ONLY_CSP;
  const match = /add_header\s+Content-Security-Policy\s+"([^"]+)"/.exec(readFileSync(NGINX_CONF, 'utf8'));
  return match?.[1] ?? SELF_ONLY_CSP;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serve `root` on 127.0.0.1 and an ephemeral port until the test file ends. A small stand-in for
 * the project's nginx: clean URLs, the custom 404, dotfiles refused, and the same self-only CSP
 * on every response.
 */
export async function serveSite(root: string): Promise<ServedSite> {
  const csp = cspOfNginxConf();
  const server = createServer((req, res) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    respond(root, pathname, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const served: ServedSite = {
    url: `http://127.0.0.1:${port}`,
    server: 'node static server (test/helpers/serve-site.ts) with the self-only CSP',
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  after(() => served.stop());
  return served;
}

async function respond(root: string, pathname: string, res: ServerResponse): Promise<void> {
  const file = pathname.split('/').some((part) => part.startsWith('.')) ? undefined : await findFile(root, pathname);
  if (file) return send(res, 200, file);
  send(res, 404, path.join(root, '404.html'));
}

/** nginx's `try_files $uri $uri/ $uri.html`, with `index index.html`. */
async function findFile(root: string, pathname: string): Promise<string | undefined> {
  const base = path.join(root, path.normalize(pathname));
  if (!base.startsWith(root)) return undefined;
  for (const candidate of [base, path.join(base, 'index.html'), `${base}.html`]) {
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return candidate;
  }
  return undefined;
}

async function send(res: ServerResponse, status: number, file: string): Promise<void> {
  const body = await readFile(file);
  res.writeHead(status, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
  res.end(body);
}
