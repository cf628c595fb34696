import type { Root } from 'xast';
import { x } from 'xastscript';
import { siteUrl } from '../src/render/feed-content.ts';
import type { EntrySummary, RenderContext } from '../src/render/render-context.ts';

/** An entry as a feed lists it: its summary, and its article's HTML unless `feeds.content` is `summary`. */
export interface FeedItem {
  entry: EntrySummary;
  content?: string | undefined;
}

/** What a feed is of besides the whole site: a tag, or a listing of site.config.ts. */
export interface FeedTopic {
  name: string;
  description: string;
}

/** One feed: where it is, what it is of (the site, one tag or one listing) and its page; items newest first, already cut to the limit. */
export interface FeedSpec {
  /** Site path of the feed file itself. */
  self: string;
  /** The page that lists the same entries. */
  home: string;
  /** The tag or listing it is of, if not of the whole site. */
  of?: FeedTopic | undefined;
  items: FeedItem[];
}

/** The feeds' title: the site's, or the tag's or listing's page beside it (named `name`). */
export function feedTitle(ctx: RenderContext, name: string | undefined): string {
  return name === undefined ? ctx.config.site.title : `${ctx.config.site.title}: ${name}`;
}

/** Atom 1.0 (RFC 4287): `updated` is the newest entry's `updated`, else its date. */
export function atomFeed(ctx: RenderContext, feed: FeedSpec): Root {
  const { site } = ctx.config;
  const entries = feed.items.map((i) => i.entry);
  return {
    type: 'root',
    children: [
      { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="utf-8"' },
      // Without a stylesheet Chromium shows its XML viewer, whose inline styles the CSP refuses;
      // the site's palette first, then the feed's layout.
      ...[ctx.assets.css, ctx.assets.feedCss].map((href) => ({ type: 'instruction' as const, name: 'xml-stylesheet', value: `type="text/css" href="${href}"` })),
      x('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': site.language }, [
        x('title', feedTitle(ctx, feed.of?.name)),
        x('subtitle', feed.of === undefined ? site.description : feed.of.description),
        x('link', { href: abs(ctx, feed.self), rel: 'self', type: 'application/atom+xml' }),
        x('link', { href: abs(ctx, feed.home), rel: 'alternate', type: 'text/html' }),
        // The page's URL: the site feed's id stays what it was before the tag feeds came.
        x('id', abs(ctx, feed.home)),
        x('updated', newest(entries)),
        x('author', [x('name', site.author || site.title)]),
        x('generator', { version: ctx.provenance.generatorVersion }, 'galley'),
        ...feed.items.map(({ entry: e, content }) =>
          x('entry', [
            x('title', e.title),
            x('link', { href: abs(ctx, e.url), rel: 'alternate', type: 'text/html' }),
            x('id', abs(ctx, e.url)),
            x('published', instant(e.date)),
            x('updated', instant(e.updated ?? e.date)),
            ...e.tags.map((t) => x('category', { term: t })),
            x('summary', e.summary),
            content === undefined ? undefined : x('content', { type: 'html' }, content),
          ].filter((n) => n !== undefined)),
        ),
      ]),
    ],
  };
}

/** JSON Feed 1.1 (jsonfeed.org/version/1.1) of the same entries, as its text. */
export function jsonFeed(ctx: RenderContext, feed: FeedSpec): string {
  const { site } = ctx.config;
  const json = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feedTitle(ctx, feed.of?.name),
    home_page_url: abs(ctx, feed.home),
    feed_url: abs(ctx, feed.self),
    ...(site.description && feed.of === undefined ? { description: site.description } : {}),
    authors: [{ name: site.author || site.title }],
    language: site.language,
    items: feed.items.map(({ entry: e, content }) => ({
      id: abs(ctx, e.url),
      url: abs(ctx, e.url),
      title: e.title,
      ...(content === undefined ? { content_text: e.summary } : { content_html: content }),
      summary: e.summary,
      date_published: instant(e.date),
      date_modified: instant(e.updated ?? e.date),
      ...(e.tags.length > 0 ? { tags: e.tags } : {}),
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** sitemap.xml of every page worth indexing (not aliases, not the 404). */
export function sitemap(ctx: RenderContext, pages: { url: string; lastmod?: string | undefined }[]): Root {
  return {
    type: 'root',
    children: [
      { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="utf-8"' },
      x(
        'urlset',
        { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' },
        pages.map((p) => x('url', [x('loc', abs(ctx, p.url)), p.lastmod ? x('lastmod', p.lastmod.slice(0, 10)) : undefined].filter((n) => n !== undefined))),
      ),
    ],
  };
}

export function robotsTxt(ctx: RenderContext): string {
  return `User-agent: *\nAllow: /\nSitemap: ${abs(ctx, '/sitemap.xml')}\n`;
}

function abs(ctx: RenderContext, sitePath: string): string {
  return siteUrl(sitePath, ctx.config.site.baseUrl);
}

/** The newest `updated` (else date) of the entries; the epoch for none. */
function newest(entries: EntrySummary[]): string {
  return entries.reduce((max, e) => (instant(e.updated ?? e.date) > max ? instant(e.updated ?? e.date) : max), instant('1970-01-01'));
}

/** A date or date-time as an RFC 3339 instant (dates at midnight UTC). */
function instant(date: string): string {
  return date.length === 10 ? `${date}T00:00:00Z` : new Date(date).toISOString().replace(/\.000Z$/, 'Z');
}
