import type { Nodes } from 'hast';
import { absoluteUrl, siteUrl } from '../render/feed-content.ts';
import type { RenderContext } from '../render/render-context.ts';
import { CARD_HEIGHT, CARD_WIDTH, cardSpec, type CardSpec, type CardText } from './card-layout.ts';
import { firstImage } from './first-image.ts';

/** What a shared link shows besides the page's title, description and canonical URL. */
export interface Share {
  type: 'article' | 'website';
  image?: { url: string; width?: number | undefined; height?: number | undefined; alt: string } | undefined;
  published?: string | undefined;
  modified?: string | undefined;
  tags?: string[] | undefined;
}

/** The name a shared link shows for the site: `sharing.siteName`, else the site's title. */
export function siteName(ctx: RenderContext): string {
  return ctx.config.sharing.siteName ?? ctx.config.site.title;
}

/**
 * An entry's or page's share: its first raster image, else its generated card (`card`, for the
 * build to draw), else no image when cards are off.
 */
export function shareOf(ctx: RenderContext, sitePath: string, body: Nodes, text: Omit<CardText, 'siteName'>, article?: Pick<Share, 'published' | 'modified' | 'tags'>): { share: Share; card?: CardSpec } {
  const share: Share = { type: article ? 'article' : 'website', ...article };
  const { baseUrl } = ctx.config.site;
  const image = firstImage(body);
  if (image) {
    share.image = { url: absoluteUrl(image.src, siteUrl(sitePath, baseUrl), baseUrl), width: image.width, height: image.height, alt: image.alt || text.title };
    return { share };
  }
  if (!ctx.config.sharing.cards) return { share };
  const card = cardSpec(sitePath.slice(1, -1), { ...text, siteName: siteName(ctx) });
  return { share: { ...share, image: cardImage(ctx, card) }, card };
}

/** The site's own card (its name and description), shown for the index, tag and search pages. */
export function siteCard(ctx: RenderContext): CardSpec | undefined {
  const { site } = ctx.config;
  return ctx.config.sharing.cards ? cardSpec('site', { title: siteName(ctx), subtitle: site.description || undefined, siteName: siteName(ctx) }) : undefined;
}

/** A listing's share: a website with the site's card. */
export function siteShare(ctx: RenderContext): Share {
  const card = siteCard(ctx);
  return { type: 'website', image: card && cardImage(ctx, card) };
}

function cardImage(ctx: RenderContext, card: CardSpec): NonNullable<Share['image']> {
  return { url: siteUrl(`/${card.path}`, ctx.config.site.baseUrl), width: CARD_WIDTH, height: CARD_HEIGHT, alt: card.text.title };
}
