import { h } from 'hastscript';
import type { Root } from 'hast';
import type { RenderContext } from '../src/render/render-context.ts';

/**
 * An old address that points at an entry: a meta refresh for everyone and a link for the rest;
 * the site's small alias script carries the `#fragment` along (meta refresh drops it).
 */
export function aliasPage(ctx: RenderContext, target: string): Root {
  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: ctx.config.site.language }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          h('title', 'Moved'),
          h('link', { rel: 'canonical', href: target }),
          h('meta', { name: 'robots', content: 'noindex' }),
          h('link', { rel: 'icon', type: 'image/svg+xml', href: ctx.assets.icon }),
          h('script', { src: ctx.assets.alias }),
          h('meta', { httpEquiv: 'refresh', content: `0; url=${target}` }),
        ]),
        h('body', [h('p', ['This page has moved to ', h('a', { href: target }, target), '.'])]),
      ]),
    ],
  };
}
