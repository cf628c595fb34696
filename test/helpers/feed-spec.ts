import { parseAtomFeed, parseJsonFeed } from 'feedsmith';

// RFC 3339 date-time, as Atom (RFC 4287 §3.3) and JSON Feed 1.1 require.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

const isUrl = (s: unknown): boolean => typeof s === 'string' && URL.canParse(s) && /^https?:$/.test(new URL(s).protocol);

/**
 * What an Atom document breaks of RFC 4287, read through feedsmith's parser (which throws on a
 * document that is not a feed): the feed's and each entry's required elements (§4.1.1, §4.1.2),
 * dates (§3.3), a `self` link, unique entry ids, `content` typed. Empty when it conforms.
 */
export function atomProblems(text: string): string[] {
  const feed = parseAtomFeed(text);
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  need(isUrl(feed.id), 'feed id is not an absolute URL');
  need(Boolean(feed.title?.value), 'feed has no title');
  need(RFC3339.test(feed.updated ?? ''), 'feed updated is not RFC 3339');
  need(feed.links?.some((l) => l.rel === 'self' && isUrl(l.href)) ?? false, 'feed has no absolute self link');
  const entries = feed.entries ?? [];
  need(Boolean(feed.authors?.length) || entries.every((e) => e.authors?.length), 'feed or entry without an author');
  const ids = new Set<string>();
  for (const [i, e] of entries.entries()) {
    const at = `entry ${i + 1}`;
    need(isUrl(e.id), `${at}: id is not an absolute URL`);
    need(!ids.has(e.id ?? ''), `${at}: id repeats`);
    ids.add(e.id ?? '');
    need(Boolean(e.title?.value), `${at}: no title`);
    need(RFC3339.test(e.updated ?? ''), `${at}: updated is not RFC 3339`);
    need(e.published === undefined || RFC3339.test(e.published), `${at}: published is not RFC 3339`);
    need(e.links?.some((l) => (l.rel ?? 'alternate') === 'alternate' && isUrl(l.href)) ?? false, `${at}: no alternate link`);
    need(Boolean(e.content?.value || e.summary?.value), `${at}: neither content nor summary`);
    need(e.content === undefined || e.content.type === 'html', `${at}: content is not type html`);
  }
  return problems;
}

/** What a JSON Feed breaks of version 1.1 (jsonfeed.org/version/1.1), read through feedsmith's parser. */
export function jsonFeedProblems(text: string): string[] {
  const raw = JSON.parse(text) as { version?: unknown };
  const feed = parseJsonFeed(raw);
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  need(raw.version === 'https://jsonfeed.org/version/1.1', 'version is not 1.1');
  need(Boolean(feed.title), 'no title');
  need(isUrl(feed.home_page_url) && isUrl(feed.feed_url), 'home_page_url or feed_url is not an absolute URL');
  const ids = new Set<string>();
  need(Array.isArray(feed.items), 'no items');
  for (const [i, item] of (feed.items ?? []).entries()) {
    const at = `item ${i + 1}`;
    need(typeof item.id === 'string' && item.id !== '' && !ids.has(item.id), `${at}: id missing or repeated`);
    ids.add(String(item.id));
    need(isUrl(item.url), `${at}: url is not absolute`);
    need(Boolean(item.content_html || item.content_text), `${at}: neither content_html nor content_text`);
    for (const key of ['date_published', 'date_modified'] as const) need(item[key] === undefined || RFC3339.test(String(item[key])), `${at}: ${key} is not RFC 3339`);
  }
  return problems;
}
