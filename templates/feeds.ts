import type { Root } from 'xast';
import { x } from 'xastscript';
import type { EntrySummary, RenderContext } from '../src/render/render-context.ts';

/** Atom 1.0 feed of the newest entries (already sorted newest first). */
export function atomFeed(ctx: RenderContext, entries: EntrySummary[], self = '/atom.xml'): Root {
  const { site } = ctx.config;
  const updated = entries.reduce((max, e) => (instant(e.updated ?? e.date) > max ? instant(e.updated ?? e.date) : max), instant('1970-01-01'));
  return {
    type: 'root',
    children: [
      { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="utf-8"' },
      // Without a stylesheet Chromium shows its XML viewer, whose inline styles the CSP refuses;
      // the site's palette first, then the feed's layout.
      ...[ctx.assets.css, ctx.assets.feedCss].map((href) => ({ type: 'instruction' as const, name: 'xml-stylesheet', value: `type="text/css" href="${href}"` })),
      x('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': site.language }, [
        x('title', site.title),
        x('subtitle', site.description),
        x('link', { href: abs(ctx, self), rel: 'self' }),
        x('link', { href: abs(ctx, '/') }),
        x('id', abs(ctx, '/')),
        x('updated', updated),
        x('generator', { version: ctx.provenance.generatorVersion }, 'galley'),
        ...entries.slice(0, 50).map((e) =>
          x('entry', [
            x('title', e.title),
            x('link', { href: abs(ctx, e.url) }),
            x('id', abs(ctx, e.url)),
            x('published', instant(e.date)),
            x('updated', instant(e.updated ?? e.date)),
            x('author', [x('name', site.author || site.title)]),
            ...e.tags.map((t) => x('category', { term: t })),
            x('summary', e.summary),
          ]),
        ),
      ]),
    ],
  };
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
  return new URL(sitePath.replace(/^\//, ''), ctx.config.site.baseUrl).href;
}

/** A date or date-time as an RFC 3339 instant (dates at midnight UTC). */
function instant(date: string): string {
  return date.length === 10 ? `${date}T00:00:00Z` : new Date(date).toISOString().replace(/\.000Z$/, 'Z');
}
