import { h } from 'hastscript';
import type { Root } from 'hast';
import type { RenderContext } from '../src/render/render-context.ts';
import { layout } from './layout.ts';

/** `/search/`: the results of the query in `?q=`, found in the browser by the site's search index. */
export function searchPage(ctx: RenderContext): Root {
  const host = new URL(ctx.config.site.baseUrl).host;
  return layout(ctx, {
    title: 'Search',
    description: `Search every entry and page of ${ctx.config.site.title}.`,
    path: '/search/',
    search: false,
    main: [
      h('h1', 'Search'),
      h('form.search-form', { role: 'search', action: '/search/', method: 'get' }, [
        h('label', { htmlFor: 'search-q' }, 'Words to find'),
        h('input#search-q', { type: 'search', name: 'q', autocomplete: 'off' }),
        h('button', { type: 'submit' }, 'Search'),
      ]),
      h('noscript', [
        h('p', [
          'The search runs in your browser and needs JavaScript. Without it, ',
          h('a', { href: '/tags/' }, 'the tags'),
          ' list the entries by subject, ',
          h('a', { href: '/' }, 'the index'),
          ' lists them newest first, and a search engine finds words on this site with ',
          h('code', `site:${host}`),
          ' before them.',
        ]),
      ]),
      h('p#search-status', { role: 'status' }),
      h('ol#search-results.search-results'),
    ],
  });
}
