import type { Element } from 'hast';
import { h } from 'hastscript';
import type { RenderContext } from '../render/render-context.ts';
import { siteName, type Share } from './share-info.ts';

export interface ShareProps {
  title: string;
  description: string;
  /** The canonical URL, absolute. */
  url: string;
  share: Share;
}

/**
 * The OpenGraph (ogp.me) and Twitter card tags of a page: what a chat or social site shows for
 * a shared link. Empty values are left out; scrapers fall back to `<title>` and the description.
 */
export function shareTags(ctx: RenderContext, props: ShareProps): Element[] {
  const { share } = props;
  const og: [string, string | number | undefined][] = [
    ['og:type', share.type],
    ['og:site_name', siteName(ctx)],
    ['og:title', props.title],
    ['og:description', props.description],
    ['og:url', props.url],
    ['og:image', share.image?.url],
    ['og:image:width', share.image?.width],
    ['og:image:height', share.image?.height],
    ['og:image:alt', share.image?.alt],
    ['article:published_time', share.published],
    ['article:modified_time', share.published && (share.modified ?? share.published)],
    ...(share.tags ?? []).map((tag): [string, string] => ['article:tag', tag]),
  ];
  const twitter: [string, string | undefined][] = [
    ['twitter:card', share.image ? 'summary_large_image' : 'summary'],
    ['twitter:site', ctx.config.sharing.twitter],
    ['twitter:title', props.title],
    ['twitter:description', props.description],
    ['twitter:image', share.image?.url],
    ['twitter:image:alt', share.image?.alt],
  ];
  return [
    ...og.filter(([, v]) => v !== undefined && v !== '').map(([property, content]) => h('meta', { property, content: String(content) })),
    ...twitter.filter(([, v]) => v !== undefined && v !== '').map(([name, content]) => h('meta', { name, content })),
  ];
}
