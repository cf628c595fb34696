const BASE = 'http://galley.invalid';

export type ResolvedLink =
  | { kind: 'external' }
  | { kind: 'internal'; outPath: string | undefined; candidates: string[]; fragment: string | undefined };

/**
 * Where a link from the page at `pageUrl` lands in the output tree: a directory URL is its
 * `index.html`; an extension-less path may be a file or a directory. Schemes and `//host` are external.
 */
export function resolveLink(url: string, pageUrl: string, exists: (outPath: string) => boolean): ResolvedLink {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return { kind: 'external' };
  const target = new URL(url, BASE + pageUrl);
  const fragment = target.hash ? decodeURIComponent(target.hash.slice(1)) : undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(target.pathname).replace(/^\//, '');
  } catch {
    pathname = target.pathname.replace(/^\//, '');
  }
  const candidates = pathname === '' || pathname.endsWith('/') ? [`${pathname}index.html`] : [pathname, `${pathname}/index.html`];
  return { kind: 'internal', outPath: candidates.find(exists), candidates, fragment };
}
