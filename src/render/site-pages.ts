import { randomBytes } from 'node:crypto';
import type { Element, Root } from 'hast';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { toXml } from 'xast-util-to-xml';
import { aliasPage } from '../../templates/alias-page.ts';
import { tagUrl } from '../../templates/entry.ts';
import { atomFeed, jsonFeed, robotsTxt, sitemap, type FeedSpec, type FeedTopic } from '../../templates/feeds.ts';
import { indexPage, listingPage, listingTopic, notFoundPage, tagPage, tagTopic, tagsIndexPage, type PagePlace } from '../../templates/listing.ts';
import { searchPage } from '../../templates/search.ts';
import { aliasOutputPath } from '../content/entry-slug.ts';
import { sha256 } from '../output/manifest.ts';
import { pagerUrl } from './pager-url.ts';
import type { EntrySummary, PageSummary, RenderContext } from './render-context.ts';

/** A generated output file; HTML pages carry their element ids for the fragment check. */
export interface OutputPage {
  text: string;
  ids?: string[];
}

// Raw nodes here are the listings the template serialized itself, never author HTML. Their
// place holders carry a token no text of an entry can know.
const MARK = `\u0000${randomBytes(8).toString('hex')}\u0000`;
const MARKS = new RegExp(`${MARK}(\\d+)${MARK}`);
const stringifier = unified().use(rehypeStringify, { allowDangerousHtml: true });

/**
 * Serialize a page; its raw nodes (the serialized listings) are spliced into the result after.
 * Passing a 100 KB raw string through the serializer's nested joins took 7 ms per tag page
 * against 0.04 ms for the splice: the better part of a title save in `galley dev`.
 */
function html(tree: Root): OutputPage {
  const ids: string[] = [];
  const raws: string[] = [];
  visit(tree, (node) => {
    if (node.type === 'element' && typeof node.properties.id === 'string') ids.push(node.properties.id);
    if (node.type === 'raw') {
      raws.push(node.value);
      node.value = `${MARK}${raws.length - 1}${MARK}`;
    }
  });
  const parts = stringifier.stringify(tree).split(MARKS);
  return { text: parts.map((part, i) => (i % 2 === 1 ? raws[Number(part)] : part)).join(''), ids };
}

/** Newest first; the slug breaks ties so the order never depends on the file system. */
export function byDateDesc(a: EntrySummary, b: EntrySummary): number {
  return a.date < b.date ? 1 : a.date > b.date ? -1 : a.url < b.url ? -1 : a.url > b.url ? 1 : 0;
}

/**
 * A page besides the entries, not rendered yet: `inputs` is everything it shows besides the
 * render context, so a build that finds the same inputs can keep last build's page unrendered.
 */
export interface PageSpec {
  inputs: unknown;
  render: () => OutputPage;
  /** Alias pages: the output path of the entry they redirect to. */
  redirect?: string;
}

type Redirecting = { url: string; aliases: string[]; outPath: string };

/** An entry's article as the feeds carry it (made when a feed is rendered), and its page's hash (which changes when the article does). */
export interface FeedBody {
  html: () => string;
  sha256: string;
}

/** The entries' articles by URL; asking for one says that a feed carries it. */
export interface FeedBodies {
  get(url: string): FeedBody | undefined;
}

/**
 * Every page besides the entries and pages: index, tag and listing pages (with their pagers), the feeds,
 * sitemap, robots.txt, 404 and one redirect page per alias. `entries` and `contentPages` are the
 * published ones; the pages of content/pages/ are only in the sitemap, and have their aliases.
 * `bodies` holds the entries' articles by URL for full-content feeds; `intros` the bodies of the
 * pages at a listing's path, by that path, which its first page shows above the list.
 */
export function sitePages(ctx: RenderContext, entries: (EntrySummary & Redirecting)[], contentPages: (PageSummary & Redirecting)[], bodies: FeedBodies = new Map(), intros: ReadonlyMap<string, string> = new Map()): Map<string, PageSpec> {
  const newestFirst = [...entries].sort(byDateDesc);
  const shown = newestFirst.map(listingOf);
  const sorted = shown.map((l) => l.summary);
  const pages = new Map<string, PageSpec>();
  const listed: { url: string; lastmod?: string | undefined }[] = [];
  const paginate = (base: string, list: Listing[], render: (entries: EntrySummary[], place: PagePlace) => Root, key: unknown, by = ctx.config.paginateBy) => {
    for (const place of paginated(ctx, base, list, by, listed, pages)) {
      const chunk = place.list;
      pages.set(`${pagerUrl(base, place.page).slice(1)}index.html`, { inputs: [key, place.page, place.pages, digests(chunk)], render: () => html(render(chunk.map((l) => l.summary), place)) });
    }
  };
  paginate('/', shown, (list, place) => indexPage(ctx, list, place), 'index');
  listed.push({ url: '/tags/' });
  const tags = new Map<string, Listing[]>();
  for (const l of shown) {
    for (const t of l.summary.tags) {
      let list = tags.get(t);
      if (!list) tags.set(t, (list = []));
      list.push(l);
    }
  }
  // Pages with tags follow the entries on their tags' pages, by URL: Zola lists undated pages last.
  const byUrl = [...contentPages].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  for (const p of byUrl) {
    for (const t of p.tags) {
      if (!tags.has(t)) tags.set(t, []);
      tags.get(t)!.push(pageListing(p));
    }
  }
  const tagNames = [...tags.keys()].sort();
  for (const tag of tagNames) paginate(tagUrl(tag), tags.get(tag)!, (list, place) => tagPage(ctx, tag, list, place), tag);
  const inListing = new Map(ctx.config.listings.map((l) => [l.path, shown.filter((e) => e.summary.listings.includes(l.path))]));
  for (const l of ctx.config.listings) {
    const intro = intros.get(l.path);
    paginate(l.path, inListing.get(l.path)!, (list, place) => listingPage(ctx, l, list, place, intro), [l, intro], l.paginateBy ?? ctx.config.paginateBy);
  }
  const counts = tagNames.map((t): [string, number] => [t, tags.get(t)!.length]);
  pages.set('tags/index.html', { inputs: counts, render: () => html(tagsIndexPage(ctx, counts)) });
  pages.set('404.html', { inputs: null, render: () => html(notFoundPage(ctx)) });
  if (ctx.config.search.enabled) pages.set('search/index.html', { inputs: null, render: () => html(searchPage(ctx)) });
  const feeds = new Feeds(ctx, bodies, pages);
  feeds.add('/', undefined, shown);
  // Feeds carry dated entries only, as Zola's term feeds do.
  const dated = (tag: string) => (tags.get(tag) ?? []).filter((l) => l.summary.date !== '');
  for (const tag of tagNames) feeds.add(tagUrl(tag), tagTopic(tag), dated(tag));
  for (const l of ctx.config.listings) feeds.add(l.path, listingTopic(l), inListing.get(l.path)!);
  // The Atom feed at a moved site's old feed URLs too (a static site answers no HTTP redirect there).
  for (const { path, tag, listing } of ctx.config.feeds.paths) {
    // The config schema holds a feed's `listing` to a declared one.
    const l = ctx.config.listings.find((c) => c.path === listing);
    if (tag !== undefined) feeds.atomAt(path, tagUrl(tag), tagTopic(tag), dated(tag));
    else if (l) feeds.atomAt(path, l.path, listingTopic(l), inListing.get(l.path)!);
    else feeds.atomAt(path, '/', undefined, shown);
  }
  listed.push(...sorted.map((e) => ({ url: e.url, lastmod: e.updated ?? e.date })), ...byUrl.filter((p) => !intros.has(p.url)).map((p) => ({ url: p.url, lastmod: p.updated ?? p.date })));
  pages.set('sitemap.xml', { inputs: listed, render: () => ({ text: toXml(sitemap(ctx, listed)) + '\n' }) });
  pages.set('robots.txt', { inputs: null, render: () => ({ text: robotsTxt(ctx) }) });
  for (const e of [...newestFirst, ...byUrl]) {
    for (const alias of e.aliases) {
      const out = aliasOutputPath(alias);
      // Duplicate and colliding aliases are reported by the front matter gate; the first wins here.
      if (out && !pages.has(out)) pages.set(out, { inputs: e.url, render: () => html(aliasPage(ctx, e.url)), redirect: e.outPath });
    }
  }
  return pages;
}

const digests = (list: Listing[]) => list.map((l) => l.digest).join(' ');

/**
 * The pages of a listing at `base`, `paginateBy` entries each (one page when unset or when they
 * fit): each goes into the sitemap; `page/1/` redirects to the listing itself, as in Zola.
 */
function paginated(ctx: RenderContext, base: string, list: Listing[], paginateBy: number | undefined, listed: { url: string }[], pages: Map<string, PageSpec>): (PagePlace & { list: Listing[] })[] {
  const by = paginateBy ?? Math.max(1, list.length);
  const count = Math.max(1, Math.ceil(list.length / by));
  const places = Array.from({ length: count }, (_, i) => ({ base, page: i + 1, pages: count, list: list.slice(i * by, (i + 1) * by) }));
  for (const p of places) listed.push({ url: pagerUrl(base, p.page) });
  if (paginateBy !== undefined) pages.set(`${base.slice(1)}page/1/index.html`, { inputs: base, render: () => html(aliasPage(ctx, base)) });
  return places;
}

/** The Atom and JSON feeds of a listing, cut to `feeds.limit`, with the articles unless `feeds.content` is `summary`. */
class Feeds {
  constructor(
    private readonly ctx: RenderContext,
    private readonly bodies: FeedBodies,
    private readonly pages: Map<string, PageSpec>,
  ) {}

  /** `atom.xml` and `feed.json` beside the listing page at `home`. */
  add(home: string, of: FeedTopic | undefined, list: Listing[]): void {
    this.atomAt(`${home}atom.xml`, home, of, list);
    const { inputs, spec } = this.feed(`${home}feed.json`, home, of, list);
    this.pages.set(`${home.slice(1)}feed.json`, { inputs, render: () => ({ text: jsonFeed(this.ctx, spec()) }) });
  }

  atomAt(self: string, home: string, of: FeedTopic | undefined, list: Listing[]): void {
    const { inputs, spec } = this.feed(self, home, of, list);
    this.pages.set(self.slice(1), { inputs, render: () => ({ text: toXml(atomFeed(this.ctx, spec())) + '\n' }) });
  }

  private feed(self: string, home: string, of: FeedTopic | undefined, list: Listing[]): { inputs: unknown; spec: () => FeedSpec } {
    const top = list.slice(0, this.ctx.config.feeds.limit);
    const full = this.ctx.config.feeds.content === 'full';
    const body = (l: Listing) => (full ? this.bodies.get(l.summary.url) : undefined);
    return {
      inputs: [self, home, of, top.map((l) => `${l.digest} ${body(l)?.sha256 ?? ''}`)],
      spec: () => ({ self, home, of, items: top.map((l) => ({ entry: l.summary, content: body(l)?.html() })) }),
    };
  }
}

/** An entry's listing view and the hash of it. */
interface Listing {
  summary: EntrySummary;
  digest: string;
}

// Made once per entry result: a `galley dev` save renews the saved entry's only. Stringifying
// every summary for each listing's key took 10 ms of a title save at 1,000 entries.
const listings = new WeakMap<EntrySummary, Listing>();

/** A tagged page as its tags' pages list it: no date (an empty one, which the list leaves out) and no summary. */
function pageListing(p: PageSummary): Listing {
  const summary: EntrySummary = { title: p.title, date: '', tags: p.tags, listings: [], summary: '', url: p.url, draft: p.draft };
  return { summary, digest: sha256(JSON.stringify(summary)) };
}

/** Only what listings show, so an entry's other fields (its aliases) never change a listing's key. */
function listingOf(e: EntrySummary): Listing {
  let listing = listings.get(e);
  if (!listing) {
    const summary = { title: e.title, subtitle: e.subtitle, date: e.date, updated: e.updated, tags: e.tags, listings: e.listings, summary: e.summary, url: e.url, draft: e.draft };
    listing = { summary, digest: sha256(JSON.stringify(summary)) };
    listings.set(e, listing);
  }
  return listing;
}
