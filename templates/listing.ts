import { h } from 'hastscript';
import type { ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { EntrySummary, RenderContext } from '../src/render/render-context.ts';
import { tagSlug, tagUrl } from './entry.ts';
import { layout, time } from './layout.ts';

/** The index: every published entry, newest first (the caller sorts). */
export function indexPage(ctx: RenderContext, entries: EntrySummary[]): Root {
  const { site } = ctx.config;
  return layout(ctx, {
    title: site.title,
    description: site.description,
    path: '/',
    main: [h('h1', site.title), site.description ? h('p.lede', site.description) : h('p'), entryList(entries)],
  });
}

/** One tag's entries, newest first. */
export function tagPage(ctx: RenderContext, tag: string, entries: EntrySummary[]): Root {
  return layout(ctx, {
    title: `Tagged “${tag}”`,
    description: `Entries tagged ${tag}.`,
    path: tagUrl(tag),
    main: [h('h1', `Tagged “${tag}”`), entryList(entries)],
  });
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
      item = toHtml(h('li', [h('a.title', { href: e.url }, e.title), ' ', time(e.date), h('p.summary', e.summary)]));
      items.set(e, item);
    }
    return item;
  });
  return { type: 'raw', value: toHtml(h('ul.entry-list')).replace('</ul>', `${html.join('')}</ul>`) };
}
