import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { listenPreferring } from './listen.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
};

// The same self-only policy production nginx sends, so a local page breaks where a served one would.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Hooks for the dev server: its own routes, and a tag put into every HTML page it serves. */
export interface ServeHooks {
  /** Answer a request itself; return true when it did. */
  route?: (pathname: string, req: IncomingMessage, res: ServerResponse) => boolean;
  /** Inserted before `</head>` of every HTML response (files on disk stay untouched). */
  injectHtml?: string;
}

export interface StaticServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * A small static server for a built site: clean URLs (`/x/` → `/x/index.html`), the site's 404
 * page, dotfiles (`.galley/`) refused. On 127.0.0.1; if `port` is taken, an ephemeral one.
 */
export async function serveStatic(dir: string, port: number, host = '127.0.0.1', hooks: ServeHooks = {}): Promise<StaticServer> {
  const root = path.resolve(dir);
  const server = createServer((req, res) => {
    if (hooks.route?.(pathnameOf(req.url ?? '/'), req, res)) return;
    // A file can vanish between stat and read while a rebuild swaps the tree in: answer, don't crash.
    respond(root, req.url ?? '/', req.method ?? 'GET', res, hooks.injectHtml).catch(() => unavailable(res));
  });
  const bound = await listenPreferring(server, port, host);
  return {
    url: `http://${host}:${bound}/`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Long-lived responses (the dev server's event stream) would hold close() open forever.
        server.closeAllConnections();
      }),
  };
}

function pathnameOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return '/';
  }
}

async function respond(root: string, url: string, method: string, res: ServerResponse, injectHtml?: string): Promise<void> {
  const pathname = pathnameOf(url);
  const hidden = pathname.split('/').some((s) => s.startsWith('.'));
  let file = hidden ? undefined : await findFile(root, pathname);
  let status = 200;
  if (!file) {
    status = 404;
    file = await findFile(root, '/404.html');
  }
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  res.writeHead(status, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  if (method === 'HEAD') res.end();
  else if (injectHtml && file.endsWith('.html')) res.end(injectBeforeHeadEnd(await readFile(file, 'utf8'), injectHtml));
  else createReadStream(file).on('error', () => unavailable(res)).pipe(res);
}

async function findFile(root: string, pathname: string): Promise<string | undefined> {
  const abs = path.join(root, pathname);
  if (abs !== root && !abs.startsWith(root + path.sep)) return undefined;
  for (const candidate of [abs, path.join(abs, 'index.html')]) {
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return candidate;
  }
  return undefined;
}

function injectBeforeHeadEnd(html: string, tag: string): string {
  const at = html.search(/<\/head>/i);
  return at === -1 ? tag + html : html.slice(0, at) + tag + html.slice(at);
}

function unavailable(res: ServerResponse): void {
  if (!res.headersSent) res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '1' });
  res.end();
}
