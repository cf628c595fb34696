import { h } from 'hastscript';
import type { Element, ElementContent, Root } from 'hast';
import { siteUrl } from '../src/render/feed-content.ts';
import type { RenderContext } from '../src/render/render-context.ts';
import { siteShare, type Share } from '../src/sharing/share-info.ts';
import { shareTags } from '../src/sharing/share-tags.ts';

export interface LayoutProps {
  title: string;
  description: string;
  /** Site-relative path of the page, for the canonical link. */
  path: string;
  main: ElementContent[];
  /** Feeds of this page's own entries (a tag's), announced beside the site's. */
  feeds?: { title: string; dir: string } | undefined;
  /** The header's search box; the search page has its own. */
  search?: boolean;
  /** `rel="prev"`/`rel="next"` of a listing's pager. */
  pager?: { prev?: string | undefined; next?: string | undefined } | undefined;
  /** What a shared link shows; default the site's card. */
  share?: Share | undefined;
}

/** The Atom and JSON feeds at `dir` (`/` or a tag's page), as `<link rel="alternate">` in the head. */
function feedLinks(title: string, dir: string): Element[] {
  return [
    h('link', { rel: 'alternate', type: 'application/atom+xml', title, href: `${dir}atom.xml` }),
    h('link', { rel: 'alternate', type: 'application/feed+json', title, href: `${dir}feed.json` }),
  ];
}

// htmx 2 injects an inline indicator style unless told not to; the CSP allows no inline style.
const HTMX_CONFIG = JSON.stringify({ includeIndicatorStyles: false });

/** The page shell every HTML page shares: head with the hashed CSS and pinned htmx, site nav. */
export function layout(ctx: RenderContext, props: LayoutProps): Root {
  const { site } = ctx.config;
  const fullTitle = props.title === site.title ? site.title : `${props.title} · ${site.title}`;
  const canonical = siteUrl(props.path, site.baseUrl);
  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: site.language }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('meta', { name: 'htmx-config', content: HTMX_CONFIG }),
          h('title', fullTitle),
          h('meta', { name: 'description', content: props.description }),
          h('meta', { name: 'generator', content: `galley ${ctx.provenance.generatorVersion}` }),
          h('link', { rel: 'canonical', href: canonical }),
          ...shareTags(ctx, { title: props.title, description: props.description, url: canonical, share: props.share ?? siteShare(ctx) }),
          h('link', { rel: 'stylesheet', href: ctx.assets.css }),
          h('link', { rel: 'stylesheet', href: ctx.assets.readingAids.css }),
          h('link', { rel: 'icon', type: 'image/svg+xml', href: ctx.assets.icon }),
          ...feedLinks(site.title, '/'),
          ...(props.feeds ? feedLinks(props.feeds.title, props.feeds.dir) : []),
          ...(props.pager?.prev ? [h('link', { rel: 'prev', href: props.pager.prev })] : []),
          ...(props.pager?.next ? [h('link', { rel: 'next', href: props.pager.next })] : []),
          h('script', { src: ctx.assets.htmx.url, integrity: ctx.assets.htmx.integrity, crossOrigin: 'anonymous', defer: true }),
          h('script', { src: ctx.assets.readingAids.script, defer: true }),
          ...(ctx.config.search.enabled ? [h('script', { src: ctx.assets.search, defer: true })] : []),
        ]),
        h('body', [
          h('header.site-header', [
            h('a.site-title', { href: '/' }, site.title),
            h('nav', { ariaLabel: 'Site' }, [h('a', { href: '/tags/' }, 'Tags'), ' ', h('a', { href: '/atom.xml' }, 'Feed')]),
            ...(ctx.config.search.enabled && props.search !== false ? [searchBox()] : []),
          ]),
          h('main', props.main),
          h('footer.site-footer', [h('p', [site.description || site.title])]),
        ]),
      ]),
    ],
  };
}

/** The box in every page's header: without script it still takes the reader to the search page. */
function searchBox(): Element {
  return h('form.site-search', { role: 'search', action: '/search/', method: 'get' }, [
    h('label', { htmlFor: 'site-search-q' }, 'Search'),
    h('input#site-search-q', { type: 'search', name: 'q', placeholder: 'Press / to search', autocomplete: 'off' }),
  ]);
}

/** `YYYY-MM-DD` of a date or date-time, as a `<time>` element. */
export function time(date: string) {
  return h('time', { dateTime: date }, date.slice(0, 10));
}

/** Build provenance (design §3): the source commit, the build date and galley's version. */
export function provenanceLine(ctx: RenderContext): Element {
  const { provenance } = ctx;
  return h('p.provenance', [
    'Built from ',
    h('code', shortCommit(provenance.sourceCommit)),
    // The commit alone would claim bytes it does not hold.
    provenance.sourceDirty && provenance.sourceCommit ? ' with uncommitted changes' : '',
    ' on ',
    time(provenance.buildTime),
    ` by galley ${provenance.generatorVersion}.`,
  ]);
}

export function shortCommit(commit: string | null): string {
  return commit ? commit.slice(0, 12) : 'uncommitted';
}
