import { toString } from 'mdast-util-to-string';
import { analyzeBody, type BodyOutline } from './analyze-body.ts';
import { compareBlocks } from './count-blocks.ts';
import { convertShortcodes, type ShortcodeUse } from './convert-shortcodes.ts';
import { applyEdits, outermost, type Edit, type EditedText } from './edit-text.ts';
import { missingParts, type MissingPart, type SectionSpec } from './editorial-parts.ts';
import { day, entryFrontMatter, entrySource, pageFrontMatter } from './entry-front-matter.ts';
import type { ExtraFields } from './extra-fields.ts';
import { headingLevels, levelEdits, type LevelChange } from './heading-levels.ts';
import { keepHeadingIds, zolaHeadingIds } from './heading-ids.ts';
import type { ImportLog } from './import-log.ts';
import type { PlannedEntry } from './plan-entries.ts';
import { rewriteLinks, type LinkContext } from './rewrite-links.ts';
import type { LoadedZolaConfig } from './zola-config.ts';
import { aliasUrl } from './zola-urls.ts';

const TO_WRITE_LEDE = 'To be written: the lede (imported from Zola without one).';

/** A page after its shortcodes are converted and its body read: enough to check links into it. */
export interface PreparedPage {
  planned: PlannedEntry;
  body: EditedText;
  outline: BodyOutline;
  zolaIds: string[];
  levels: LevelChange[];
  summary: string | undefined;
  missing: MissingPart[];
  draft: boolean;
  tags: string[];
  /** Where the build serves it besides its URL (an entry's old URL and aliases). */
  aliases: string[];
}

export function preparePage(planned: PlannedEntry, zola: LoadedZolaConfig, sections: SectionSpec, log: ImportLog, uses: ShortcodeUse[], tags: string[]): PreparedPage {
  const { page } = planned;
  const body = convertShortcodes(page.front.body, page.file, page.front.bodyLine, log, uses);
  const outline = analyzeBody(body.text);
  const zolaIds = zolaHeadingIds(outline.headings, zola.config.slugify.anchors);
  const levels = headingLevels(outline.headings);
  const missing: MissingPart[] = [];
  const header = (key: string, message: string): void => void missing.push({ line: 0, message, key });
  const summary = summaryOf(page.meta.description, outline);
  if (planned.kind === 'entry') {
    const verifications = Array.isArray(page.meta.extra.verification) ? page.meta.extra.verification.length : 0;
    // The sections gate reads the body as it will be written: headings at their new levels.
    missing.push(...missingParts(applyEdits(body.text, levelEdits(body.text, levels), (l) => l).text, verifications, sections));
    if (!page.meta.title) header('title', 'Unexpected page without a `title`, expected one');
    if (!summary) header('description', 'Unexpected page without a summary, expected a `description`, a `<!-- more -->` cut or a lede');
  }
  if (!page.meta.render) header('render', 'Unexpected page with `render = false`, expected a page to publish');
  const draft = page.meta.draft || missing.length > 0;
  const aliases = [...(page.meta.draft ? [] : [planned.zola.path]), ...page.meta.aliases.map(aliasUrl)].filter((a, i, all) => a !== planned.url && all.indexOf(a) === i);
  return { planned, body, outline, zolaIds, levels, summary, missing, draft, tags: planned.kind === 'entry' ? tags : [], aliases };
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

export interface FinishContext extends LinkContext {
  fields: ExtraFields;
}

export interface FinishedPage {
  kind: 'entry' | 'page';
  /** The Zola file it comes from (`content/docs/_index.md`). */
  from: string;
  /** The file written, relative to the project root (`content/entries/x.md`). */
  file: string;
  source: string;
  draft: boolean;
  tags: string[];
  aliases: string[];
}

/** Finish an entry or page: rewrite links, keep heading ids, fix heading levels, write the header. */
export function finishPage(prepared: PreparedPage, ctx: FinishContext, log: ImportLog): FinishedPage {
  const { planned, body, outline, draft, summary, tags, aliases } = prepared;
  const { page } = planned;
  const lineOf = (line: number): number => body.lineMap[line - 1] ?? page.front.bodyLine;
  const ids = keepHeadingIds(outline.headings, prepared.zolaIds);
  if (ids.length > 0) log.note('converted', { file: page.file }, 'heading ids', `${ids.length} written out so Zola's \`#fragment\`s still land`);
  for (const { heading, to } of prepared.levels) {
    log.note('converted', { file: page.file, line: lineOf(heading.line) }, `heading “${heading.galleyText}”`, `level ${heading.depth} → ${to}: the title is the only \`#\`, and no level is skipped`);
  }
  const links = rewriteLinks(outline.links, { file: page.file, url: planned.url, body: body.text, draft, lineOf }, ctx, log);
  const edits: Edit[] = [...ids, ...levelEdits(body.text, prepared.levels), ...links.edits];
  if (outline.more) {
    // The marker goes with the blank line after it, so no gap is left in the text.
    edits.push({ start: outline.more.start, end: outline.more.end + (/^\n{0,2}/.exec(body.text.slice(outline.more.end))?.[0].length ?? 0), text: '' });
    log.note('converted', { file: page.file, line: lineOf(lineAt(body.text, outline.more.start)) }, '`<!-- more -->`', page.meta.description ? 'removed; the `description` is the summary' : 'the text before it is the summary');
  }
  for (const part of prepared.missing) {
    const line = part.line > 0 ? lineOf(part.line) : (page.front.keyLines.get(part.key ?? '') ?? 1);
    const lede = part.ruleId === 'section-lede-missing';
    // Even a draft needs a lede to build (`galley build --drafts`): a marked line holds its place.
    if (lede) {
      const at = /^(?:[ \t]*\r?\n)*/.exec(body.text)![0].length; // after blank lines, before an indented first line
      edits.unshift({ start: at, end: at, text: `${TO_WRITE_LEDE}\n\n` }); // first: before a heading's own marks at that place
    }
    log.needsPerson({ file: page.file, line }, 'editorial parts', part.message, 'import-editorial-parts', `Imported as a draft${lede ? ` with the lede “${TO_WRITE_LEDE}”` : ''}; write what is missing, then set \`draft: false\`.`);
  }
  for (const alias of aliases) log.note('aliased', { file: page.file, line: page.front.keyLines.get('aliases') ?? 1 }, alias, `redirects to ${planned.url}`);
  const date = page.meta.date ?? planned.zola.dateFromName;
  if (planned.zola.dateFromName) log.note('converted', { file: page.file }, 'date from the file name', `${planned.zola.dateFromName}`);
  if (date && date.length > 10) log.note('converted', { file: page.file, line: page.front.keyLines.get('date') }, '`date`', `${date} kept as the day ${day(date)}`);
  if (planned.kind === 'page' && !page.meta.title) log.note('converted', { file: page.file }, 'title', `none in the header; the page is titled \`${page.stem}\``);
  const fields = ctx.fields.of(page);
  const header =
    planned.kind === 'entry'
      ? entryFrontMatter({ page, date: date && day(date), tags, summary, aliases, draft, fields }, log)
      : pageFrontMatter({ page, date: date && day(date), description: page.meta.description, aliases, draft, fields }, log);
  const text = applyEdits(body.text, outermost(edits), (l) => l).text;
  compareBlocks(page.front.body, text, { file: page.file, firstLine: page.front.bodyLine }, log, { image: links.removedImages });
  log.note('imported', { file: page.file }, planned.url, `${planned.kind === 'entry' ? 'an entry' : 'a page'}, ${draft ? 'as a draft' : 'published'}`);
  return { kind: planned.kind, from: page.file, file: planned.out, source: entrySource(header, text), draft, tags, aliases };
}

function plainText(nodes: Parameters<typeof toString>[0][]): string {
  return nodes.map((n) => toString(n, { includeHtml: false })).join(' ').replace(/\s+/g, ' ').trim();
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
