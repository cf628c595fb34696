// A bounded loopback load loop: readers fetch a page, then the stylesheet it links, and check the
// two come from the same release (a page/asset version mix is what a reader would see broken).
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  requests: number;
  non2xx: { url: string; status: number }[];
  mixes: { page: string; pageVersion: string; assetVersion: string }[];
  versions: Set<string>;
  seconds: number;
}

export interface LoadOptions {
  baseUrl: string;
  pages: string[];
  concurrency?: number;
  maxRequests: number;
  maxMs: number;
  /** Stop early once this returns true (checked between requests). */
  until?: (result: LoadResult) => boolean;
}

export async function loadLoop(options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { requests: 0, non2xx: [], mixes: [], versions: new Set(), seconds: 0 };
  const started = performance.now();
  const done = (): boolean =>
    result.requests >= options.maxRequests || performance.now() - started > options.maxMs || (options.until?.(result) ?? false);
  const get = async (url: string): Promise<string | undefined> => {
    result.requests++;
    const response = await fetch(url);
    const body = await response.text();
    if (response.status < 200 || response.status > 299) {
      result.non2xx.push({ url, status: response.status });
      return undefined;
    }
    return body;
  };
  const worker = async (offset: number): Promise<void> => {
    for (let i = offset; !done(); i++) {
      const page = options.pages[i % options.pages.length]!;
      const html = await get(options.baseUrl + page);
      if (html === undefined) continue;
      const pageVersion = /data-version="([^"]+)"/.exec(html)?.[1] ?? '?';
      result.versions.add(pageVersion);
      const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
      if (!href) continue;
      const css = await get(options.baseUrl + href);
      if (css === undefined) continue;
      const assetVersion = /^\/\* (\S+) \*\//.exec(css)?.[1] ?? '?';
      if (assetVersion !== pageVersion) result.mixes.push({ page, pageVersion, assetVersion });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, (_, i) => worker(i)));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
