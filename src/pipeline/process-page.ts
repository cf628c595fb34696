import type { ElementContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { pageView } from '../../templates/page.ts';
import type { FieldType } from '../config/schema.ts';
import { pageAddress } from '../content/page-path.ts';
import { pageSchema } from '../content/page-schema.ts';
import { readFrontMatter } from '../content/read-front-matter.ts';
import { checkPlaceholders } from '../lint/check-placeholders.ts';
import { checkHeadingLevels } from '../lint/check-sections.ts';
import { extractLinks } from '../links/extract-links.ts';
import { assignHeadingIds } from '../markdown/heading-ids.ts';
import { collectFindings } from '../report/collect.ts';
import type { Diagrams } from '../diagrams/diagram-key.ts';
import { renderBody } from '../render/render-body.ts';
import type { RenderContext } from '../render/render-context.ts';
import { shareOf } from '../sharing/share-info.ts';
import { addressPlaces, imageContext, type EntryResult } from './process-entry.ts';
import { parseSource, serializePage } from './source-document.ts';

const ENTRY_ONLY = 'Pages are not in the index or the feed, and not verified: move the file to content/entries/ to make it an entry, or remove the key.';
const pageHeader = (fields: Record<string, FieldType>) => ({
  name: 'page' as const,
  schema: pageSchema(fields),
  required: 'title',
  foreign: { summary: 'A page has a `description` (its meta description), not a summary.', verification: ENTRY_ONLY, status: ENTRY_ONLY },
});

/**
 * One page of `content/pages/`: front matter, heading ids and levels, links, the reading aids,
 * the page template. No lede or sections are required; its `##` headings are not numbered.
 */
export function processPage(source: string, text: string, ctx: RenderContext, diagrams?: Diagrams): EntryResult {
  const { file, tree, block } = parseSource(source, text);
  const header = readFrontMatter(file, block, pageHeader(ctx.config.frontMatter.fields));
  const data = header?.data;
  checkHeadingLevels(assignHeadingIds(tree, file, { numberSections: false }), file);
  const links = extractLinks(tree, file);
  checkPlaceholders(tree, data, header?.place ?? (() => ({ line: 1, column: 1 })), file);
  const result: EntryResult = { source, findings: [], ids: [], links, scriptIntegrity: [] };
  if (header && data) {
    const { url, outPath } = pageAddress(source, ctx.config.paths.content, data.slug);
    result.entry = {
      kind: 'page',
      title: data.title,
      date: data.date,
      updated: data.updated,
      draft: data.draft,
      url,
      slug: url.slice(1, -1),
      aliases: data.aliases,
      tags: data.tags,
      outPath,
      places: addressPlaces(header.place, data),
    };
    if (!data.draft || ctx.drafts) {
      const { body, footnotes, htmlLinks, images } = renderBody(tree, file, ctx.config.markdown, imageContext(ctx, url, source), diagrams);
      links.push(...htmlLinks);
      result.images = images;
      const { share, card } = shareOf(ctx, url, body, { title: data.title, subtitle: data.subtitle ?? data.description, date: data.date });
      if (card) result.card = card;
      serializePage(result, pageView(ctx, { data, url, body: body.children as ElementContent[], footnotes, share }));
      // Zola draws a section's text above its paginated list: the listing's first page shows it.
      if (ctx.config.listings.some((l) => l.path === url)) result.intro = toHtml([...(body.children as ElementContent[]), ...(footnotes ? [footnotes] : [])]);
    }
  }
  // An excluded draft is not published, so its lint findings do not block a build.
  result.findings = data?.draft && !ctx.drafts ? [] : collectFindings([file]);
  return result;
}
