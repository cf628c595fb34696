import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gate } from '../pipeline/gate.ts';
import type { Finding } from '../report/finding.ts';
import type { OutgoingLink } from './extract-links.ts';

const TIMEOUT_MS = 15_000;
const CONCURRENCY = 16;

/** Where a URL is written: the entry source and the link's place in it. */
interface Place {
  file: string;
  link: OutgoingLink;
}

/**
 * `galley check --external`: every http(s) link of the rendered entries, each URL asked once
 * through linkinator (HEAD, then GET where HEAD is refused; redirects followed; a timeout per
 * request). A URL that does not answer with a page is a finding at every place it is written.
 */
export const externalLinksGate: Gate = {
  name: 'external-links',
  async run(ctx) {
    const places = new Map<string, Place[]>();
    for (const entry of ctx.entries) {
      if (!entry.page || !entry.entry) continue;
      for (const link of entry.links) {
        const url = httpUrl(link.url);
        if (url) places.set(url, [...(places.get(url) ?? []), { file: entry.source, link }]);
      }
    }
    const findings: Finding[] = [];
    // fetch refuses such a URL, and the page shows its password to every reader.
    for (const [url, at] of places) {
      if (withoutCredentials(url) === url) continue;
      places.delete(url);
      for (const { file, link } of at) findings.push(credentialsFinding(file, link));
    }
    if (places.size === 0) return findings;
    for (const { url, status, reason } of await brokenLinks([...places.keys()])) {
      for (const { file, link } of places.get(url) ?? []) findings.push(brokenFinding(file, link, status, reason));
    }
    return findings;
  },
};

/** The URL without its fragment, for an absolute http(s) link; undefined for anything else. */
function httpUrl(href: string): string | undefined {
  if (!/^https?:\/\//i.test(href)) return undefined;
  try {
    const url = new URL(href);
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

interface Broken {
  url: string;
  /** The HTTP status, 0 when no answer came. */
  status: number;
  /** Why no answer came (an error code), when none did. */
  reason: string | undefined;
}

/**
 * The URLs reach linkinator as the links of one page, served by galley on 127.0.0.1 for the
 * check: given a folder instead, linkinator serves it itself on every interface.
 */
async function brokenLinks(urls: string[]): Promise<Broken[]> {
  const page = `<!doctype html><title>external links</title>${urls.map((u) => `<a href="${escapeAttribute(u)}">${escapeAttribute(u)}</a>`).join('\n')}`;
  const server = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { LinkChecker, LinkState } = await import('linkinator');
    const { links } = await new LinkChecker().check({
      path: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      recurse: false,
      timeout: TIMEOUT_MS,
      concurrency: CONCURRENCY,
    });
    const wanted = new Set(urls);
    return links
      .filter((l) => l.state === LinkState.BROKEN)
      .map((l) => ({ url: httpUrl(l.url) ?? l.url, status: l.status ?? 0, reason: reasonOf(l.failureDetails) }))
      .filter((b) => wanted.has(b.url));
  } finally {
    server.close();
  }
}

/** An error code (`ECONNREFUSED`, `ENOTFOUND`, a timeout), never a message that could quote a body. */
function reasonOf(details: unknown[] | undefined): string | undefined {
  for (const detail of details ?? []) {
    if (!(detail instanceof Error)) continue;
    const cause = (detail as Error & { cause?: { code?: unknown } }).cause;
    if (typeof cause?.code === 'string') return cause.code;
    if (typeof (detail as NodeJS.ErrnoException).code === 'string') return (detail as NodeJS.ErrnoException).code;
    return detail.name === 'TimeoutError' || detail.name === 'AbortError' ? 'timeout' : detail.name;
  }
  return undefined;
}

const placed = (file: string, link: OutgoingLink, ruleId: string) => ({ file, line: link.line, column: link.column, ruleId, severity: 'error' as const, source: 'links' });

function credentialsFinding(file: string, link: OutgoingLink): Finding {
  return {
    ...placed(file, link, 'link-external-credentials'),
    message: `Unexpected user or password in the link to \`${withoutCredentials(link.url)}\`, expected a public address`,
    hint: 'Remove the credentials from the link: a published page shows them to every reader, and browsers refuse such links.',
  };
}

function brokenFinding(file: string, link: OutgoingLink, status: number, reason: string | undefined): Finding {
  const shown = link.url;
  const at = placed(file, link, 'link-external-broken');
  if (status > 0) {
    return {
      ...at,
      message: `Unexpected HTTP ${status} from \`${shown}\`, expected a page that answers`,
      hint: 'Fix the address, link an archived copy, or remove the link.',
    };
  }
  return {
    ...at,
    message: `Unexpected failure to reach \`${shown}\`${reason ? ` (${reason})` : ''}, expected an answer`,
    hint: 'Check the host name; a site that is only down for now passes on a later `galley check --external`.',
  };
}

/** A user or password in a URL is never printed. */
function withoutCredentials(href: string): string {
  try {
    const url = new URL(href);
    if (!url.username && !url.password) return href;
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return href;
  }
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
