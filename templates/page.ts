import { h } from 'hastscript';
import type { Element, ElementContent, Root } from 'hast';
import type { PageData } from '../src/content/page-schema.ts';
import type { RenderContext } from '../src/render/render-context.ts';
import type { Share } from '../src/sharing/share-info.ts';
import { tableOfContents } from '../src/render/table-of-contents.ts';
import { layout, provenanceLine, time } from './layout.ts';

export interface PageProps {
  data: PageData;
  url: string;
  body: ElementContent[];
  /** The GFM footnotes, placed after the body. */
  footnotes?: Element | undefined;
  share: Share;
}

/**
 * A page (design §2): the entry's design without its editorial parts. Header, the dates when
 * given, contents, body, notes, and a footer with the build's provenance.
 */
export function pageView(ctx: RenderContext, props: PageProps): Root {
  const { data } = props;
  const headings = props.body.filter((n): n is Element => n.type === 'element' && n.tagName === 'h2');
  const article = h('article.page', { dataPagefindBody: true }, [
    h('header.page-header', [h('h1', data.title), ...(data.subtitle ? [h('p.subtitle', data.subtitle)] : [])]),
    ...dates(data),
    ...(data.toc ? tableOfContents(headings) : []),
    h('div.page-body', props.body),
    ...(props.footnotes ? [props.footnotes] : []),
    h('footer.page-footer', [provenanceLine(ctx)]),
  ]);
  const description = data.description ?? data.subtitle ?? ctx.config.site.description;
  return layout(ctx, { title: data.title, description, path: props.url, main: [article], share: props.share });
}

function dates(data: PageData): Element[] {
  const parts: ElementContent[] = [];
  if (data.date) parts.push({ type: 'text', value: 'Published ' }, time(data.date));
  if (data.updated) parts.push({ type: 'text', value: parts.length > 0 ? ' · updated ' : 'Updated ' }, time(data.updated));
  return parts.length > 0 ? [h('p.page-dates', parts)] : [];
}
