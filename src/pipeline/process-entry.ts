import path from 'node:path';
import type { ElementContent, Root as HastRoot } from 'hast';
import type { Root } from 'mdast';
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { entryPage, type EntrySection } from '../../templates/entry.ts';
import type { FieldType } from '../config/schema.ts';
import { entrySchema, type EntryData } from '../content/entry-schema.ts';
import { entrySlug } from '../content/entry-slug.ts';
import { readFrontMatter } from '../content/read-front-matter.ts';
import { checkListings } from '../lint/check-listings.ts';
import { checkPlaceholders } from '../lint/check-placeholders.ts';
import { checkSections, type SectionInfo } from '../lint/check-sections.ts';
import { extractLinks, type OutgoingLink } from '../links/extract-links.ts';
import { assignHeadingIds } from '../markdown/heading-ids.ts';
import { collectFindings } from '../report/collect.ts';
import type { Finding } from '../report/finding.ts';
import { feedContent } from '../render/feed-content.ts';
import { readingMinutes } from '../render/reading-time.ts';
import type { Diagrams } from '../diagrams/diagram-key.ts';
import type { ImageContext, ImageDependency } from '../render/picture.ts';
import { renderBody } from '../render/render-body.ts';
import type { CardSpec } from '../sharing/card-layout.ts';
import { shareOf } from '../sharing/share-info.ts';
import type { EntrySummary, PageSummary, RenderContext } from '../render/render-context.ts';
import { timed } from './phase-times.ts';
import { parseSource, serializePage } from './source-document.ts';

/** Where the slug, each alias and each tag are written, for the front matter gate's findings. */
export interface EntryPlaces {
  slug: Point;
  aliases: Point[];
  tags: Point[];
}

/** Where a rendered source is served: an entry's or page's address, aliases and their places. */
export interface Addressed {
  /** The entry's slug, or the page's path (`docs/setup`). */
  slug: string;
  aliases: string[];
  outPath: string;
  places: EntryPlaces;
}

export type Published = ((EntrySummary & { kind: 'entry' }) | (PageSummary & { kind: 'page' })) & Addressed;

/** What one entry's or page's work yields: plain data, so it can come back from a worker thread. */
export interface EntryResult {
  source: string;
  findings: Finding[];
  /** Set when the front matter is valid. */
  entry?: Published;
  /** Set when the page was rendered (valid header, and not an excluded draft). */
  html?: string;
  /** The article as the feeds carry it (`feeds.content: full`): small beside the page, and kept by the cache. */
  feed?: string;
  /** The rendered page's hash and size: kept by the cache when `html` is not. */
  page?: { sha256: string; size: number };
  ids: string[];
  links: OutgoingLink[];
  /** The generated card the page names as its image, for the build to draw. */
  card?: CardSpec;
  /** `integrity` of every script on the page, for the vendor gate. */
  scriptIntegrity: string[];
  /** The images the page looked up and what it found (see `renderImages`). */
  images?: ImageDependency[];
  /** The leak scan of the rendered page, when asked for; the build moves it to the gate's memo. */
  leaks?: Finding[];
  /** A page at a listing's path: its body, serialized, which the listing's first page shows above the list. */
  intro?: string;
}

export interface EntryOptions {
  /** Leak-scan the rendered page here, in the worker, instead of in the gate after every entry. */
  scanLeaks?: boolean;
  /** The sources' diagrams, drawn before rendering (diagrams/draw-diagrams.ts). */
  diagrams?: Diagrams;
}

const entryHeader = (fields: Record<string, FieldType>) => ({ name: 'entry' as const, schema: entrySchema(fields), required: 'title, date, summary and verification' });

/**
 * Parse, validate, lint, render and serialize one entry. A pure function of its inputs (the
 * source path relative to the root, the decoded text, the render context, the diagrams drawn
 * before), run in workers.
 */
export function processEntry(source: string, text: string, ctx: RenderContext, diagrams?: Diagrams): EntryResult {
  const { file, tree, block } = parseSource(source, text);
  const header = timed('parse', () => readFrontMatter(file, block, entryHeader(ctx.config.frontMatter.fields)));
  const data = header?.data;
  const { sections, links } = timed('lint', () => {
    const headings = assignHeadingIds(tree, file);
    const sections = checkSections(tree, headings, file, ctx.config.sections, { editorial: !data?.imported });
    const links = extractLinks(tree, file);
    if (header) checkPlaceholders(tree, data, header.place, file);
    if (header && data) checkListings(data.listings, ctx.config.listings, header.place, file);
    else checkPlaceholders(tree, undefined, () => ({ line: 1, column: 1 }), file);
    return { sections, links };
  });
  const result: EntryResult = { source, findings: [], ids: [], links, scriptIntegrity: [] };
  if (header && data) {
    const slug = entrySlug(source, data.slug);
    const url = `/entries/${slug}/`;
    result.entry = {
      kind: 'entry',
      title: data.title,
      subtitle: data.subtitle,
      date: data.date,
      updated: data.updated,
      tags: data.tags,
      listings: data.listings,
      summary: data.summary,
      draft: data.draft,
      url,
      slug,
      aliases: data.aliases,
      outPath: `entries/${slug}/index.html`,
      places: addressPlaces(header.place, data),
    };
    if (!data.draft || ctx.drafts) timed('render', () => render(result, tree, sections, data, ctx, file, diagrams));
  }
  // An excluded draft is not published, so its lint findings do not block a build.
  result.findings = data?.draft && !ctx.drafts ? [] : timed('lint', () => collectFindings([file]));
  return result;
}

/** Where the front matter writes the slug, each alias and each tag. */
export function addressPlaces(place: (path: PropertyKey[]) => Point, data: { aliases: string[]; tags?: string[] }): EntryPlaces {
  const each = (key: string, list: string[] | undefined) => (list ?? []).map((_, i) => place([key, i]));
  return { slug: place(['slug']), aliases: each('aliases', data.aliases), tags: each('tags', data.tags) };
}

function render(result: EntryResult, tree: Root, sections: SectionInfo[], data: EntryData, ctx: RenderContext, file: VFile, diagrams: Diagrams | undefined): void {
  const minutes = readingMinutes(tree);
  const url = result.entry!.url;
  const { body, footnotes, htmlLinks, images } = renderBody(tree, file, ctx.config.markdown, imageContext(ctx, url, result.source), diagrams);
  result.links.push(...htmlLinks);
  result.images = images;
  const { lede, parts } = splitBody(body, sections);
  const article = { published: data.date, modified: data.updated, tags: data.tags };
  const { share, card } = shareOf(ctx, url, body, { title: data.title, subtitle: data.subtitle ?? data.summary, date: data.date }, article);
  if (card) result.card = card;
  const page = entryPage(ctx, { data, url, lede, sections: parts, readingMinutes: minutes, footnotes, share });
  serializePage(result, page);
  if (ctx.config.feeds.content === 'full') result.feed = feedContent(page, url, ctx.config.site.baseUrl);
}

/** What the image pipeline needs to know of a page. */
export function imageContext(ctx: RenderContext, pageUrl: string, source: string): ImageContext {
  return { table: ctx.images ?? {}, pageUrl, source, publicDir: ctx.config.paths.public.split(path.sep).join('/'), budget: ctx.config.images.budget };
}

/** The HAST body cut at each `##`: the lede before the first, then one part per section. */
function splitBody(body: HastRoot, sections: SectionInfo[]): { lede: ElementContent[]; parts: EntrySection[] } {
  const roles = new Map(sections.filter((s) => s.heading.depth === 2).map((s) => [s.heading.id, s.role]));
  const lede: ElementContent[] = [];
  const parts: EntrySection[] = [];
  for (const node of body.children as ElementContent[]) {
    if (node.type === 'element' && node.tagName === 'h2') {
      parts.push({ role: roles.get(String(node.properties.id)), children: [node] });
    } else {
      (parts.at(-1)?.children ?? lede).push(node);
    }
  }
  return { lede, parts };
}
