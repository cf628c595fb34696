import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { toString } from 'mdast-util-to-string';
import { analyzeBody, type BodyOutline } from './analyze-body.ts';
import { compareBlocks } from './count-blocks.ts';
import { convertShortcodes, type FindFile, type ShortcodeUse } from './convert-shortcodes.ts';
import { applyEdits, outermost, type Edit, type EditedText } from './edit-text.ts';
import { day, entryFrontMatter, entrySource, pageFrontMatter } from './entry-front-matter.ts';
import type { ExtraFields } from './extra-fields.ts';
import { headingLevels, levelEdits, type LevelChange } from './heading-levels.ts';
import { keepHeadingIds, zolaHeadingIds } from './heading-ids.ts';
import type { ImportLog } from './import-log.ts';
import type { PlannedEntry } from './plan-entries.ts';
import type { ZolaPage } from './read-content.ts';
import { rewriteLinks, type LinkContext } from './rewrite-links.ts';
import { sourceLines } from './source-lines.ts';
import { isTemplateDrawn, TEMPLATE_HINT } from './template-drawn.ts';
import type { LoadedZolaConfig } from './zola-config.ts';
import { aliasUrl } from './zola-urls.ts';

/** A page after its shortcodes are converted and its body read: enough to check links into it. */
export interface PreparedPage {
  planned: PlannedEntry;
  body: EditedText;
  outline: BodyOutline;
  zolaIds: string[];
  levels: LevelChange[];
  summary: string | undefined;
  draft: boolean;
  /** Its Zola template drew what the Markdown lacks (import-template-content). */
  templateDrawn: boolean;
  tags: string[];
  /** Where the build serves it besides its URL (an entry's old URL and aliases). */
  aliases: string[];
}

export function preparePage(planned: PlannedEntry, zola: LoadedZolaConfig, log: ImportLog, uses: ShortcodeUse[], tags: string[], zolaDir: string): PreparedPage {
  const { page } = planned;
  const body = convertShortcodes(page.front.body, page.file, page.front.bodyLine, log, uses, findFile(zolaDir, page));
  const outline = analyzeBody(body.text);
  const zolaIds = zolaHeadingIds(outline.headings, zola.config.slugify.anchors);
  const levels = headingLevels(outline.headings);
  const summary = summaryOf(page.meta.description, outline);
  if (!page.meta.render) {
    log.needsPerson({ file: page.file, line: page.front.keyLines.get('render') ?? 1 }, '`render`', 'Unexpected page with `render = false`, expected a page to publish', 'import-render-false', 'Imported as a draft, as Zola does not render it; set `draft: false` to publish it.');
  }
  const templateDrawn = isTemplateDrawn(page.meta.template, outline.tree);
  if (templateDrawn) {
    log.needsPerson({ file: page.file, line: page.front.keyLines.get('template') ?? 1 }, planned.zola.path, `Unexpected page drawn by its template \`${page.meta.template}\`, expected its content in the Markdown`, 'import-template-content', TEMPLATE_HINT);
  }
  // Writing that predates the template is published as an imported entry (design §2); only
  // what Zola itself does not publish stays a draft.
  const draft = page.meta.draft || !page.meta.render;
  const aliases = [...(page.meta.draft ? [] : [planned.zola.path]), ...page.meta.aliases.map(aliasUrl)].filter((a, i, all) => a !== planned.url && all.indexOf(a) === i);
  return { planned, body, outline, zolaIds, levels, summary, draft, templateDrawn, tags, aliases };
}

/**
 * A file a shortcode loads, where Zola's `load_data` and `resize_image` look: beside the page, under `static/`,
 * `content/` or the site root. Its URL when the import serves it: a colocated asset beside the
 * entry (relative), a static file at its path.
 */
function findFile(zolaDir: string, page: ZolaPage): FindFile {
  return (p) => {
    const rel = p.replace(/^\/+/, '');
    const candidates: [string, string | undefined][] = [
      ...(page.colocated ? [[path.join('content', page.colocated, rel), page.assets.includes(`${page.colocated}${rel}`) ? rel : undefined] as [string, string | undefined]] : []),
      [path.join('static', rel), `/${rel}`],
      [path.join('content', path.dirname(page.rel), rel), undefined],
      // Zola's `resize_image` names a colocated file from `content/`: it is in the entry's bundle.
      [path.join('content', rel), page.colocated && page.assets.includes(rel) ? rel.slice(page.colocated.length) : undefined],
      [rel, rel.startsWith('static/') ? `/${rel.slice('static/'.length)}` : undefined],
    ];
    for (const [candidate, url] of candidates) {
      const file = path.resolve(zolaDir, candidate);
      if (!file.startsWith(path.resolve(zolaDir) + path.sep) || !existsSync(file) || !statSync(file).isFile()) continue;
      return { text: readFileSync(file, 'utf8'), url };
    }
    return undefined;
  };
}

/**
 * Zola's `description`, else the text before `<!-- more -->`, else the first paragraph (of the
 * lede, or of the first section when the text starts with a heading).
 */
function summaryOf(description: string | undefined, outline: BodyOutline): string | undefined {
  if (description) return description;
  const before = outline.more
    ? outline.tree.children.filter((n) => (n.position?.end.offset ?? 0) <= outline.more!.start)
    : outline.tree.children.filter((n) => n.type === 'paragraph' && plainText([n])).slice(0, 1);
  return plainText(before) || undefined;
}

/** The ids a link may target on a page, as Zola checks them (headings, HTML ids, the summary cut). */
export function anchorsOf(outline: BodyOutline, zolaIds: readonly string[]): Set<string> {
  return new Set([...zolaIds, ...outline.htmlIds, ...(outline.more ? ['continue-reading'] : [])]);
}

export interface FinishContext extends LinkContext {
  fields: ExtraFields;
  /** The day of the import (`YYYY-MM-DD`), written into each entry's `imported`. */
  importedOn: string;
}

export interface FinishedPage {
  kind: 'entry' | 'page';
  /** The Zola file it comes from (`content/docs/_index.md`). */
  from: string;
  /** The file written, relative to the project root (`content/entries/x.md`). */
  file: string;
  source: string;
  /** For each line of `source` (0-based), the line of the Zola file it came from. */
  lines: number[];
  draft: boolean;
  templateDrawn: boolean;
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
  for (const alias of aliases) log.note('aliased', { file: page.file, line: page.front.keyLines.get('aliases') ?? 1 }, alias, `redirects to ${planned.url}`);
  const date = page.meta.date ?? planned.zola.dateFromName;
  if (planned.zola.dateFromName) log.note('converted', { file: page.file }, 'date from the file name', `${planned.zola.dateFromName}`);
  if (date && date.length > 10) log.note('converted', { file: page.file, line: page.front.keyLines.get('date') }, '`date`', `${date} kept as the day ${day(date)}`);
  if (!page.meta.title) log.note('converted', { file: page.file }, 'title', `none in the header; the ${planned.kind} is titled \`${page.stem}\``);
  if (planned.kind === 'entry' && !summary) log.note('converted', { file: page.file }, 'summary', 'no `description`, `<!-- more -->` or paragraph; the title stands in');
  const fields = ctx.fields.of(page);
  const header =
    planned.kind === 'entry'
      ? entryFrontMatter({ page, date: date && day(date), tags, listings: planned.listings, summary: summary ?? page.meta.title ?? page.stem, aliases, draft, fields, importedOn: ctx.importedOn }, log)
      : pageFrontMatter({ page, date: date && day(date), tags, description: page.meta.description, aliases, draft, fields }, log);
  const edited = applyEdits(body.text, outermost(edits), (l) => body.lineMap[l] ?? page.front.bodyLine);
  const text = edited.text;
  compareBlocks(page.front.body, text, { file: page.file, firstLine: page.front.bodyLine }, log, { image: links.removedImages });
  log.note('imported', { file: page.file }, planned.url, `${planned.kind === 'entry' ? 'an entry' : 'a page'}, ${draft ? 'as a draft' : 'published'}`);
  const source = entrySource(header, text);
  return { kind: planned.kind, from: page.file, file: planned.out, source, lines: sourceLines(source, edited, page.front.keyLines), draft, templateDrawn: prepared.templateDrawn, tags, aliases };
}

function plainText(nodes: Parameters<typeof toString>[0][]): string {
  return nodes.map((n) => toString(n, { includeHtml: false })).join(' ').replace(/\s+/g, ' ').trim();
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
