import { readFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';

export interface HeaderPolicy {
  /** Literal `add_header` values of the server block (CSP and friends). */
  headers: [string, string][];
  /** The `map $uri $galley_cache_control` entries, in order, and its default. */
  cache: { pattern: RegExp; value: string }[];
  cacheDefault: string;
}

/**
 * Read the response headers from deploy/nginx/nginx.conf, so the fallback server (when nginx is
 * not installed) sends what nginx would: one policy, written once.
 */
export async function readHeaderPolicy(nginxConf: string): Promise<HeaderPolicy> {
  const text = await readFile(nginxConf, 'utf8');
  const headers: [string, string][] = [];
  for (const m of text.matchAll(/^\s*add_header\s+(\S+)\s+("([^"]*)"|([^\s;$]+))(?:\s+always)?;/gm)) {
    headers.push([m[1]!, m[3] ?? m[4]!]);
  }
  // The block ends at a `}` alone on its line; the patterns hold braces of their own (`{8}`).
  const map = /map \$uri \$galley_cache_control \{([\s\S]*?)\n\s*\}\s*\n/.exec(text)?.[1] ?? '';
  const cache: HeaderPolicy['cache'] = [];
  let cacheDefault = 'no-cache';
  for (const m of map.matchAll(/^\s*("[^"]*"|\S+)\s+"([^"]*)";/gm)) {
    const key = m[1]!.replace(/^"|"$/g, '');
    if (key === 'default') cacheDefault = m[2]!;
    else cache.push({ pattern: new RegExp(key.replace(/^~\*?/, '')), value: m[2]! });
  }
  return { headers, cache, cacheDefault };
}

/**
 * A small static server over `<dest>/current` for `npm start` without nginx: clean URLs, the custom
 * 404, dotfiles hidden, and nginx's headers. Files are looked up per request (sirv `dev`), since
 * `current` is swapped underneath it.
 */
export async function startStaticServer(options: { root: string; nginxConf: string; host?: string; port?: number }): Promise<{ server: Server; url: string }> {
  const policy = await readHeaderPolicy(options.nginxConf);
  const setHeaders = (res: ServerResponse, pathname: string): void => {
    for (const [name, value] of policy.headers) res.setHeader(name, value);
    res.setHeader('Cache-Control', policy.cache.find((c) => c.pattern.test(pathname))?.value ?? policy.cacheDefault);
  };
  const serve = sirv(options.root, { dev: true, extensions: ['html'], etag: true, gzip: true, setHeaders });
  const server = createServer((req, res) => {
    const notFound = async (): Promise<void> => {
      const page = await readFile(path.join(options.root, '404.html')).catch(() => Buffer.from('not found\n'));
      setHeaders(res, '/404.html');
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.statusCode = 404;
      res.end(page);
    };
    // sirv's dev mode does not hide dotfiles; nginx answers them as absent, and so do we.
    const raw = (req.url ?? '/').split('?')[0]!;
    let pathname = raw;
    try {
      pathname = decodeURI(raw);
    } catch {
      // a malformed escape is looked up as written
    }
    if (/\/\.(?!well-known\/)/.test(pathname) || pathname === '/404.html') return void notFound();
    serve(req, res, () => void notFound());
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.host ?? '127.0.0.1', resolve);
    });
  // A wanted port that is busy gives way to any free one.
  await listen(options.port ?? 0).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE' || !options.port) throw error;
    return listen(0);
  });
  const { address, port } = server.address() as AddressInfo;
  return { server, url: `http://${address}:${port}` };
}
