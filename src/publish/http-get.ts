import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { gunzipSync } from 'node:zlib';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as a browser receives it: gzip Content-Encoding decoded. */
  body: Buffer;
}

/**
 * GET `url` the way a browser asks (gzip accepted) on a connection of its own: behind a load
 * balancer each call may reach another replica, which is what the served proof counts on.
 */
export function httpGet(url: string, timeoutMs = 10_000): Promise<HttpAnswer> {
  return send(url, 'GET', undefined, timeoutMs);
}

/** POST a JSON body (the sync-now request), on a connection of its own like `httpGet`. */
export function httpPostJson(url: string, body: unknown, timeoutMs = 10_000): Promise<HttpAnswer> {
  return send(url, 'POST', Buffer.from(JSON.stringify(body)), timeoutMs);
}

function send(url: string, method: 'GET' | 'POST', body: Buffer | undefined, timeoutMs: number): Promise<HttpAnswer> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { 'accept-encoding': 'gzip', 'cache-control': 'no-cache' };
  if (body) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(body.length) });
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        try {
          const raw = Buffer.concat(chunks);
          const body = /\bgzip\b/i.test(String(res.headers['content-encoding'] ?? '')) ? gunzipSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** `ECONNREFUSED`, `no answer in 10 s`, …: why a request got no HTTP answer. */
export function unreachableReason(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  return err.code ?? err.message;
}
