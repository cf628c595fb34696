import { h } from 'hastscript';
import type { Element, Root } from 'hast';
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

function entryList(entries: EntrySummary[]): Element {
  return h(
    'ul.entry-list',
    entries.map((e) =>
      h('li', [
        h('a.title', { href: e.url }, e.title),
        ' ',
        time(e.date),
        h('p.summary', e.summary),
      ]),
    ),
  );
}
