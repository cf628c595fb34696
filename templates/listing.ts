import { h } from 'hastscript';
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import type { EntrySummary, RenderContext } from '../src/render/render-context.ts';
import { tagSlug, tagUrl } from './entry.ts';
import { pagerUrl } from '../src/render/pager-url.ts';
import type { ListingConfig } from '../src/config/schema.ts';
import { feedTitle, type FeedTopic } from './feeds.ts';
import { layout, time } from './layout.ts';

/** Where a listing is in its run of pages (`paginateBy`): page `page` of `pages`, the first at `base`. */
export interface PagePlace {
  base: string;
  page: number;
  pages: number;
}

/** The index: the published entries, newest first (the caller sorts and cuts the page). */
export function indexPage(ctx: RenderContext, entries: EntrySummary[], place: PagePlace = onePage('/')): Root {
  const { site } = ctx.config;
  const title = place.page === 1 ? site.title : `Page ${place.page} of ${place.pages}`;
  return layout(ctx, {
    title,
    description: site.description,
    path: pagerUrl(place.base, place.page),
    pager: pagerLinks(place),
    main: [h('h1', place.page === 1 ? site.title : title), site.description && place.page === 1 ? h('p.lede', site.description) : h('p'), entryList(entries), ...pagerNav(place)],
  });
}

/** One tag's entries, newest first. */
export function tagPage(ctx: RenderContext, tag: string, entries: EntrySummary[], place: PagePlace = onePage(tagUrl(tag))): Root {
  const heading = `Tagged “${tag}”`;
  const title = place.page === 1 ? heading : `${heading}, page ${place.page} of ${place.pages}`;
  return layout(ctx, {
    title,
    description: tagTopic(tag).description,
    path: pagerUrl(place.base, place.page),
    feeds: { title: feedTitle(ctx, tag), dir: tagUrl(tag) },
    pager: pagerLinks(place),
    main: [h('h1', title), entryList(entries), ...pagerNav(place)],
  });
}

/**
 * One of the site's `listings` (a moved site's section): its entries, newest first. `intro` is
 * the body of the page at its path, shown above the list on the first page (a Zola section's text).
 */
export function listingPage(ctx: RenderContext, listing: ListingConfig, entries: EntrySummary[], place: PagePlace = onePage(listing.path), intro?: string): Root {
  const title = place.page === 1 ? listing.title : `${listing.title}, page ${place.page} of ${place.pages}`;
  const description = listingTopic(listing).description;
  return layout(ctx, {
    title,
    description,
    path: pagerUrl(place.base, place.page),
    feeds: { title: feedTitle(ctx, listing.title), dir: listing.path },
    pager: pagerLinks(place),
    main: [h('h1', title), ...(place.page === 1 ? listingLede(listing, intro) : []), entryList(entries), ...pagerNav(place)],
  });
}

/** The page's text where there is one (parsed, so its ids reach the fragment check), else the description. */
function listingLede(listing: ListingConfig, intro: string | undefined): Element[] {
  if (intro !== undefined) return [h('div.listing-intro', fromHtml(intro, { fragment: true }).children as ElementContent[])];
  return listing.description ? [h('p.lede', listing.description)] : [];
}

/** What the feeds beside a listing's page say they are of. */
export function listingTopic(listing: ListingConfig): FeedTopic {
  return { name: listing.title, description: listing.description ?? `Entries in ${listing.title}.` };
}

/** What the feeds beside a tag's page say they are of. */
export function tagTopic(tag: string): FeedTopic {
  return { name: tag, description: `Entries tagged ${tag}.` };
}

function onePage(base: string): PagePlace {
  return { base, page: 1, pages: 1 };
}

function pagerLinks({ base, page, pages }: PagePlace): { prev?: string; next?: string } {
  return { ...(page > 1 ? { prev: pagerUrl(base, page - 1) } : {}), ...(page < pages ? { next: pagerUrl(base, page + 1) } : {}) };
}

// Pages shown around the current one; the first and last are always shown. 4,000 entries at 20
// a page are 200 pages: a link to each would outweigh the listing.
const AROUND = 2;

/** Previous, the page numbers (the current one marked) and next, as plain links: no script. */
function pagerNav(place: PagePlace): Element[] {
  const { base, page, pages } = place;
  if (pages <= 1) return [];
  const shown = [...Array(pages).keys()].map((i) => i + 1).filter((n) => n === 1 || n === pages || Math.abs(n - page) <= AROUND);
  const items: ElementContent[] = [];
  const links = pagerLinks(place);
  if (links.prev) items.push(h('li', [h('a', { href: links.prev, rel: 'prev' }, '← Newer')]));
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1]! > 1) items.push(h('li.gap', { ariaHidden: 'true' }, '…'));
    items.push(h('li', [n === page ? h('a', { href: pagerUrl(base, n), ariaCurrent: 'page' }, String(n)) : h('a', { href: pagerUrl(base, n), ariaLabel: `Page ${n}` }, String(n))]));
  });
  if (links.next) items.push(h('li', [h('a', { href: links.next, rel: 'next' }, 'Older →')]));
  return [h('nav.pager', { ariaLabel: 'Pages' }, [h('ul', items)])];
}

/** Every tag with its count. */
export function tagsIndexPage(ctx: RenderContext, tags: [string, number][]): Root {
  return layout(ctx, {
    title: 'Tags',
    description: 'Every tag used on this site.',
    path: '/tags/',
    main: [
      h('h1', 'Tags'),
      h('ul.tag-list', tags.map(([tag, n]) => h('li', { id: `tag-${tagSlug(tag)}` }, [h('a', { href: tagUrl(tag), rel: 'tag' }, tag), ` (${n})`]))),
    ],
  });
}

export function notFoundPage(ctx: RenderContext): Root {
  return layout(ctx, {
    title: 'Not found',
    description: 'There is no page at this address.',
    path: '/404.html',
    main: [h('h1', 'Not found'), h('p', ['There is no page at this address. ', h('a', { href: '/' }, 'Back to the index'), '.'])],
  });
}

// A listing item depends only on its entry's summary, an object made once per entry result; a
// save that changes one title leaves every other item's HTML as it was. The list is kept
// serialized (one raw node): serializing the hast of 1,000 items took 10-25 ms per page on each
// save in `galley dev` (bench/dev.bench.ts), and a key stringified per item 7 ms a save.
const items = new WeakMap<EntrySummary, string>();

function entryList(entries: EntrySummary[]): ElementContent {
  const html = entries.map((e) => {
    let item = items.get(e);
    if (item === undefined) {
      // A tagged page has neither date nor summary.
      item = toHtml(h('li', [h('a.title', { href: e.url }, e.title), ...(e.date ? [' ', time(e.date)] : []), ...(e.summary ? [h('p.summary', e.summary)] : [])]));
      items.set(e, item);
    }
    return item;
  });
  return { type: 'raw', value: toHtml(h('ul.entry-list')).replace('</ul>', `${html.join('')}</ul>`) };
}
