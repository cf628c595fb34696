import { randomBytes } from 'node:crypto';
import type { Element, Root } from 'hast';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { toXml } from 'xast-util-to-xml';
import { aliasPage } from '../../templates/alias-page.ts';
import { tagUrl } from '../../templates/entry.ts';
import { atomFeed, robotsTxt, sitemap } from '../../templates/feeds.ts';
import { indexPage, notFoundPage, tagPage, tagsIndexPage } from '../../templates/listing.ts';
import { aliasOutputPath } from '../content/entry-slug.ts';
import { sha256 } from '../output/manifest.ts';
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

/**
 * Every page besides the entries and pages: index, tag pages, Atom feed, sitemap, robots.txt,
 * 404 and one redirect page per alias. `entries` and `contentPages` are the published ones; the
 * pages of content/pages/ are only in the sitemap, and have their aliases.
 */
export function sitePages(ctx: RenderContext, entries: (EntrySummary & Redirecting)[], contentPages: (PageSummary & Redirecting)[]): Map<string, PageSpec> {
  const newestFirst = [...entries].sort(byDateDesc);
  const shown = newestFirst.map(listingOf);
  const sorted = shown.map((l) => l.summary);
  const digests = (list: Listing[]) => list.map((l) => l.digest).join(' ');
  const everyEntry = digests(shown);
  const pages = new Map<string, PageSpec>();
  pages.set('index.html', { inputs: everyEntry, render: () => html(indexPage(ctx, sorted)) });
  const tags = new Map<string, Listing[]>();
  for (const l of shown) {
    for (const t of l.summary.tags) {
      let list = tags.get(t);
      if (!list) tags.set(t, (list = []));
      list.push(l);
    }
  }
  const tagNames = [...tags.keys()].sort();
  for (const tag of tagNames) {
    const list = tags.get(tag)!;
    pages.set(`${tagUrl(tag).slice(1)}index.html`, { inputs: [tag, digests(list)], render: () => html(tagPage(ctx, tag, list.map((l) => l.summary))) });
  }
  const counts = tagNames.map((t): [string, number] => [t, tags.get(t)!.length]);
  pages.set('tags/index.html', { inputs: counts, render: () => html(tagsIndexPage(ctx, counts)) });
  pages.set('404.html', { inputs: null, render: () => html(notFoundPage(ctx)) });
  pages.set('atom.xml', { inputs: everyEntry, render: () => ({ text: toXml(atomFeed(ctx, sorted)) + '\n' }) });
  // The same feed at a moved site's old feed URLs (a static site answers no HTTP redirect there).
  for (const { path, tag } of ctx.config.feeds) {
    const list = tag === undefined ? shown : (tags.get(tag) ?? []);
    pages.set(path.slice(1), { inputs: [path, digests(list)], render: () => ({ text: toXml(atomFeed(ctx, list.map((l) => l.summary), path)) + '\n' }) });
  }
  const byUrl = [...contentPages].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const listed = [
    { url: '/' },
    { url: '/tags/' },
    ...tagNames.map((t) => ({ url: tagUrl(t) })),
    ...sorted.map((e) => ({ url: e.url, lastmod: e.updated ?? e.date })),
    ...byUrl.map((p) => ({ url: p.url, lastmod: p.updated ?? p.date })),
  ];
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

/** An entry's listing view and the hash of it. */
interface Listing {
  summary: EntrySummary;
  digest: string;
}

// Made once per entry result: a `galley dev` save renews the saved entry's only. Stringifying
// every summary for each listing's key took 10 ms of a title save at 1,000 entries.
const listings = new WeakMap<EntrySummary, Listing>();

/** Only what listings show, so an entry's other fields (its aliases) never change a listing's key. */
function listingOf(e: EntrySummary): Listing {
  let listing = listings.get(e);
  if (!listing) {
    const summary = { title: e.title, subtitle: e.subtitle, date: e.date, updated: e.updated, tags: e.tags, summary: e.summary, url: e.url, draft: e.draft };
    listing = { summary, digest: sha256(JSON.stringify(summary)) };
    listings.set(e, listing);
  }
  return listing;
}
