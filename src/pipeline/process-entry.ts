import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toHast } from 'mdast-util-to-hast';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { Point } from 'unist';
import { VFile } from 'vfile';
import { entryPage, type EntrySection } from '../../templates/entry.ts';
import type { EntryData } from '../content/entry-schema.ts';
import { entrySlug } from '../content/entry-slug.ts';
import { readFrontMatter, type FrontMatterBlock } from '../content/read-front-matter.ts';
import { checkPlaceholders } from '../lint/check-placeholders.ts';
import { checkSections, type SectionInfo } from '../lint/check-sections.ts';
import { scanText } from '../leak/scan-text.ts';
import { extractLinks, type OutgoingLink } from '../links/extract-links.ts';
import { escapeRawHtml } from '../markdown/escape-raw-html.ts';
import { assignHeadingIds } from '../markdown/heading-ids.ts';
import { parseMarkdown } from '../markdown/parse-markdown.ts';
import { sha256 } from '../output/manifest.ts';
import { collectFindings } from '../report/collect.ts';
import type { Finding } from '../report/finding.ts';
import { readingMinutes } from '../render/reading-time.ts';
import { renderBody } from '../render/render-body.ts';
import type { EntrySummary, RenderContext } from '../render/render-context.ts';
import { timed } from './phase-times.ts';

/** Where the slug and each alias are written, for the front matter gate's uniqueness findings. */
export interface EntryPlaces {
  slug: Point;
  aliases: Point[];
}

/** What one entry's work yields: plain data, so it can come back from a worker thread. */
export interface EntryResult {
  source: string;
  findings: Finding[];
  /** Set when the front matter is valid. */
  entry?: EntrySummary & { slug: string; aliases: string[]; outPath: string; places: EntryPlaces };
  /** Set when the page was rendered (valid header, and not an excluded draft). */
  html?: string;
  /** The rendered page's hash and size: kept by the cache when `html` is not. */
  page?: { sha256: string; size: number };
  ids: string[];
  links: OutgoingLink[];
  /** `integrity` of every script on the page, for the vendor gate. */
  scriptIntegrity: string[];
  /** The leak scan of the rendered page, when asked for; the build moves it to the gate's memo. */
  leaks?: Finding[];
}

export interface EntryOptions {
  /** Leak-scan the rendered page here, in the worker, instead of in the gate after every entry. */
  scanLeaks?: boolean;
}

const stringifier = unified().use(rehypeStringify);

/**
 * Parse, validate, lint, render and serialize one entry. A pure function of its inputs (the
 * source path relative to the root, the decoded text, the render context), run in workers.
 */
export function processEntry(source: string, text: string, ctx: RenderContext, options: EntryOptions = {}): EntryResult {
  const file = new VFile({ path: source, value: text });
  const { tree, header } = timed('parse', () => parse(file, ctx));
  const data = header?.data;
  const { sections, links } = timed('lint', () => {
    const headings = assignHeadingIds(tree, file);
    const sections = checkSections(tree, headings, file, ctx.config.sections);
    const links = extractLinks(tree, file);
    if (header) checkPlaceholders(tree, data, header.place, file);
    else checkPlaceholders(tree, undefined, () => ({ line: 1, column: 1 }), file);
    return { sections, links };
  });
  const result: EntryResult = { source, findings: [], ids: [], links, scriptIntegrity: [] };
  if (header && data) {
    const slug = entrySlug(source, data.slug);
    const url = `/entries/${slug}/`;
    result.entry = {
      title: data.title,
      subtitle: data.subtitle,
      date: data.date,
      updated: data.updated,
      tags: data.tags,
      summary: data.summary,
      draft: data.draft,
      url,
      slug,
      aliases: data.aliases,
      outPath: `entries/${slug}/index.html`,
      places: { slug: header.place(['slug']), aliases: data.aliases.map((_, i) => header.place(['aliases', i])) },
    };
    if (!data.draft || ctx.drafts) timed('render', () => render(result, tree, sections, data, ctx, file));
    if (options.scanLeaks && result.html !== undefined) {
      const { outPath } = result.entry;
      result.leaks = timed('gates', () => scanText(outPath, result.html!, { allow: ctx.config.leak.allow }));
    }
  }
  // An excluded draft is not published, so its lint findings do not block a build.
  result.findings = data?.draft && !ctx.drafts ? [] : timed('lint', () => collectFindings([file]));
  return result;
}

/** The Markdown tree without its front matter block, and the header read from that block. */
function parse(file: VFile, ctx: RenderContext) {
  const tree = parseMarkdown(file);
  const head = tree.children[0];
  const block: FrontMatterBlock | undefined =
    head && (head.type === 'yaml' || (head.type as string) === 'toml')
      ? { kind: head.type === 'yaml' ? 'yaml' : 'toml', value: (head as { value: string }).value, start: head.position!.start }
      : undefined;
  if (block) tree.children.shift();
  return { tree, header: readFrontMatter(file, block, ctx.config.frontMatter.fields) };
}

function render(result: EntryResult, tree: Parameters<typeof toHast>[0] & { type: 'root' }, sections: SectionInfo[], data: EntryData, ctx: RenderContext, file: VFile): void {
  const minutes = readingMinutes(tree);
  // Raw HTML starts with `<`: without one there is none to look for.
  if (String(file.value).includes('<')) escapeRawHtml(tree);
  const { body, footnotes } = renderBody(tree, file, ctx.config.markdown);
  const { lede, parts } = splitBody(body, sections);
  const page = entryPage(ctx, { data, url: result.entry!.url, lede, sections: parts, readingMinutes: minutes, footnotes });
  visit(page, 'element', (node: Element) => {
    if (typeof node.properties.id === 'string') result.ids.push(node.properties.id);
    if (node.tagName === 'script' && typeof node.properties.integrity === 'string') result.scriptIntegrity.push(node.properties.integrity);
  });
  timed('serialize', () => {
    result.html = stringifier.stringify(page);
    // Hashed here, in the worker, for the manifest and the cache.
    result.page = { sha256: sha256(result.html), size: Buffer.byteLength(result.html) };
  });
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
