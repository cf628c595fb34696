import { toString } from 'mdast-util-to-string';
import { analyzeBody, type BodyOutline } from './analyze-body.ts';
import { convertShortcodes, type ShortcodeUse } from './convert-shortcodes.ts';
import { applyEdits, type Edit, type EditedText } from './edit-text.ts';
import { missingParts, type MissingPart, type SectionSpec } from './editorial-parts.ts';
import { day, entryFrontMatter, entrySource } from './entry-front-matter.ts';
import { keepHeadingIds, zolaHeadingIds } from './heading-ids.ts';
import type { ImportLog } from './import-log.ts';
import type { PlannedEntry } from './plan-entries.ts';
import type { LoadedZolaConfig } from './zola-config.ts';
import { aliasUrl } from './zola-urls.ts';

/** A page after its shortcodes are converted and its body read: enough to check links into it. */
export interface PreparedPage {
  planned: PlannedEntry;
  body: EditedText;
  outline: BodyOutline;
  zolaIds: string[];
  summary: string | undefined;
  missing: MissingPart[];
  draft: boolean;
}

export function preparePage(planned: PlannedEntry, zola: LoadedZolaConfig, sections: SectionSpec, log: ImportLog, uses: ShortcodeUse[]): PreparedPage {
  const { page } = planned;
  const body = convertShortcodes(page.front.body, page.file, page.front.bodyLine, log, uses);
  const outline = analyzeBody(body.text);
  const zolaIds = zolaHeadingIds(outline.headings, zola.config.slugify.anchors);
  const verifications = Array.isArray(page.meta.extra.verification) ? page.meta.extra.verification.length : 0;
  const missing = missingParts(body.text, verifications, sections);
  const header = (key: string, message: string): void => void missing.push({ line: 0, message, key });
  if (!page.meta.title) header('title', 'Unexpected page without a `title`, expected one');
  if (!page.meta.date && !planned.zola.dateFromName) header('date', 'Unexpected page without a `date`, expected one in the header or the file name');
  if (!page.meta.render) header('render', 'Unexpected page with `render = false`, expected a page to publish');
  const summary = summaryOf(page.meta.description, outline);
  if (!summary) header('description', 'Unexpected page without a summary, expected a `description`, a `<!-- more -->` cut or a lede');
  return { planned, body, outline, zolaIds, summary, missing, draft: page.meta.draft || missing.length > 0 };
}

/** Zola's `description`, else the text before `<!-- more -->`, else the lede's first paragraph. */
function summaryOf(description: string | undefined, outline: BodyOutline): string | undefined {
  if (description) return description;
  const before = outline.more ? outline.tree.children.filter((n) => (n.position?.end.offset ?? 0) <= outline.more!.start) : outline.lede.filter((n) => n.type === 'paragraph').slice(0, 1);
  return plainText(before) || undefined;
}

/** The ids a link may target on a page, as Zola checks them (headings, HTML ids, the summary cut). */
export function anchorsOf(outline: BodyOutline, zolaIds: readonly string[]): Set<string> {
  return new Set([...zolaIds, ...outline.htmlIds, ...(outline.more ? ['continue-reading'] : [])]);
}

export interface LinkContext {
  permalinks: ReadonlyMap<string, string>;
  anchors: ReadonlyMap<string, ReadonlySet<string>>;
  drafts: ReadonlySet<string>;
  tags: (prepared: PreparedPage) => string[];
}

/** Finish an entry: rewrite `@/` links, keep heading ids, cut the summary, write the header. */
export function finishPage(prepared: PreparedPage, ctx: LinkContext, log: ImportLog): { slug: string; source: string; draft: boolean; tags: string[]; aliases: string[] } {
  const { planned, body, outline } = prepared;
  const { page } = planned;
  const lineOf = (line: number): number => body.lineMap[line - 1] ?? page.front.bodyLine;
  const edits: Edit[] = [...rewriteLinks(prepared, ctx, log, lineOf), ...keepHeadingIds(outline.headings, prepared.zolaIds)];
  if (keepHeadingIdsCount(edits) > 0) log.note('converted', { file: page.file }, 'heading ids', `${keepHeadingIdsCount(edits)} written out so Zola's \`#fragment\`s still land`);
  if (outline.more) {
    // The marker goes with the blank line after it, so no gap is left in the text.
    edits.push({ start: outline.more.start, end: outline.more.end + (/^\n{0,2}/.exec(body.text.slice(outline.more.end))?.[0].length ?? 0), text: '' });
    log.note('converted', { file: page.file, line: lineOf(lineAt(body.text, outline.more.start)) }, '`<!-- more -->`', page.meta.description ? 'removed; the `description` is the summary' : 'the text before it is the summary');
  }
  const { draft, summary } = prepared;
  for (const part of prepared.missing) {
    const line = part.line > 0 ? lineOf(part.line) : (page.front.keyLines.get(part.key ?? '') ?? 1);
    log.needsPerson({ file: page.file, line }, 'editorial parts', part.message, 'import-editorial-parts', 'Imported as a draft; write what is missing, then set `draft: false`.');
  }
  const aliases = [...(page.meta.draft ? [] : [planned.zola.path]), ...page.meta.aliases.map(aliasUrl)].filter((a, i, all) => a !== planned.url && all.indexOf(a) === i);
  for (const alias of aliases) log.note('aliased', { file: page.file, line: page.front.keyLines.get('aliases') ?? 1 }, alias, `redirects to ${planned.url}`);
  const date = page.meta.date ?? planned.zola.dateFromName;
  if (planned.zola.dateFromName) log.note('converted', { file: page.file }, 'date from the file name', `${planned.zola.dateFromName}`);
  if (date && date.length > 10) log.note('converted', { file: page.file, line: page.front.keyLines.get('date') }, '`date`', `${date} kept as the day ${day(date)}`);
  const tags = ctx.tags(prepared);
  const header = entryFrontMatter({ page, date: date && day(date), tags, summary, aliases, draft }, log);
  log.note('imported', { file: page.file }, planned.url, draft ? 'as a draft' : 'published');
  return { slug: planned.slug, source: entrySource(header, applyEdits(body.text, edits, (l) => l).text), draft, tags, aliases };
}

function keepHeadingIdsCount(edits: readonly Edit[]): number {
  return edits.filter((e) => e.text.startsWith(' {#')).length;
}

/** `@/path.md#anchor` → the target's galley URL, with the anchor checked against the target. */
function rewriteLinks(prepared: PreparedPage, ctx: LinkContext, log: ImportLog, lineOf: (line: number) => number): Edit[] {
  const { page } = prepared.planned;
  const edits: Edit[] = [];
  for (const link of prepared.outline.internalLinks) {
    const at = { file: page.file, line: lineOf(link.line), column: link.column };
    const [target = '', ...rest] = link.url.slice(2).split('#');
    const anchor = rest.length > 0 ? rest.join('#') : undefined;
    const rel = safeDecode(target);
    const url = ctx.permalinks.get(rel);
    if (!url) {
      log.needsPerson(at, link.url, `Unexpected internal link to \`${rel}\`, expected a page or section under content/`, 'import-link-target', 'Zola would stop on it too; point it at an existing file.');
      continue;
    }
    if (anchor && anchor.toLowerCase() !== 'top' && !ctx.anchors.get(rel)?.has(anchor)) {
      log.needsPerson(at, link.url, `Unexpected fragment \`#${anchor}\`, expected a heading or id of ${rel}`, 'import-link-anchor', `The link is rewritten to ${url}#${anchor}; fix the fragment.`);
    }
    if (!prepared.draft && ctx.drafts.has(rel)) {
      log.needsPerson(at, link.url, `Unexpected link from a published entry to the draft ${rel}`, 'import-link-draft', 'Finish the linked entry first, or make this one a draft too.');
    }
    edits.push({ start: link.start, end: link.end, text: anchor === undefined ? url : `${url}#${anchor}` });
  }
  if (edits.length > 0) log.note('converted', { file: page.file }, 'internal links', `${edits.length} \`@/\` link(s) rewritten to galley URLs`);
  return edits;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function plainText(nodes: Parameters<typeof toString>[0][]): string {
  return nodes.map((n) => toString(n, { includeHtml: false })).join(' ').replace(/\s+/g, ' ').trim();
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
