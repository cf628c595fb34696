import { h } from 'hastscript';
import type { Element, ElementContent, Root } from 'hast';
import type { EntryData } from '../src/content/entry-schema.ts';
import type { RenderContext } from '../src/render/render-context.ts';
import type { Share } from '../src/sharing/share-info.ts';
import { slugify } from '../src/markdown/slugify.ts';
import { readingTime } from '../src/render/reading-time.ts';
import { tableOfContents } from '../src/render/table-of-contents.ts';
import { layout, provenanceLine, shortCommit, time } from './layout.ts';

export interface EntrySection {
  /** `skeptic`, `action` (or another configured role), or undefined for a plain section. */
  role: string | undefined;
  children: ElementContent[];
}

export interface EntryPageProps {
  data: EntryData;
  url: string;
  lede: ElementContent[];
  sections: EntrySection[];
  readingMinutes: number;
  /** The GFM footnotes, placed after the last section. */
  footnotes?: Element | undefined;
  share: Share;
}

/** Design §3: header, metadata table, lede, numbered sections, the action, verification footer. */
export function entryPage(ctx: RenderContext, props: EntryPageProps): Root {
  const { data } = props;
  // What the search index holds of the page, and the date its results show.
  const article = h('article.entry', { dataPagefindBody: true, dataPagefindMeta: `date:${data.date.slice(0, 10)}` }, [
    h('header.entry-header', [h('h1', data.title), data.subtitle ? h('p.subtitle', data.subtitle) : undefined].filter(isElement)),
    metadataTable(ctx, props),
    // An imported entry may start with its first section: no empty lede box.
    ...(props.lede.length > 0 || !data.imported ? [h('div.lede', props.lede)] : []),
    ...(data.toc ? tableOfContents(props.sections.map((s) => s.children[0]).filter((c): c is Element => c?.type === 'element')) : []),
    ...props.sections.map((section) => sectionElement(section, ctx.config.sections.action)),
    ...(props.footnotes ? [props.footnotes] : []),
    verificationFooter(ctx, data),
  ]);
  return layout(ctx, { title: data.title, description: data.summary, path: props.url, main: [article], share: props.share });
}

function sectionElement(section: EntrySection, actionRole: string): Element {
  if (section.role === actionRole) return h('aside.action', { dataSection: 'action' }, section.children);
  if (section.role) return h(`section.section.${section.role}`, { dataSection: section.role }, section.children);
  return h('section.section', section.children);
}

function metadataTable(ctx: RenderContext, props: EntryPageProps): Element {
  const rows: Element[] = [];
  for (const row of ctx.config.metadata.rows) {
    const value = metadataValue(ctx, props, row.key);
    if (value === undefined) continue;
    rows.push(h('tr', [h('th', { scope: 'row' }, row.label), h('td', [value].flat())]));
  }
  return h('table.metadata', { dataSection: 'metadata' }, [h('tbody', rows)]);
}

function metadataValue(ctx: RenderContext, props: EntryPageProps, key: string): string | ElementContent | ElementContent[] | undefined {
  if (key === 'readingTime') return readingTime(props.readingMinutes);
  if (key === 'revision') return [h('code', shortCommit(ctx.provenance.sourceCommit)), ...(ctx.provenance.sourceDirty && ctx.provenance.sourceCommit ? [{ type: 'text' as const, value: ' with uncommitted changes' }] : [])];
  const value = (props.data as Record<string, unknown>)[key];
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return undefined;
  if (key === 'tags') return join(props.data.tags.map((tag) => h('a', { href: tagUrl(tag), rel: 'tag' }, tag)));
  if (key === 'date' || key === 'updated') return time(String(value));
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}

/** The claims and how each was verified, then provenance; an imported entry without claims has only the latter. */
function verificationFooter(ctx: RenderContext, data: EntryData): Element {
  const claims = data.verification ?? [];
  return h('footer.verification', { dataSection: 'verification' }, [
    ...(claims.length > 0
      ? [h('h2', 'How this was verified'), h('dl', claims.flatMap((v) => [h('dt', inlineCode(v.claim)), h('dd', inlineCode(v.method))]))]
      : []),
    ...(data.imported ? [importedLine(data.imported)] : []),
    provenanceLine(ctx),
  ]);
}

/** The quiet line of an imported entry: where it came from, and that it predates the template. */
function importedLine(imported: NonNullable<EntryData['imported']>): Element {
  const from = IMPORT_SOURCES[imported.from.toLowerCase()] ?? imported.from;
  return h('p.imported', { dataSection: 'imported' }, [`Imported from ${from} on `, time(imported.date), '; written before this site’s editorial template.']);
}

const IMPORT_SOURCES: Record<string, string> = { zola: 'a Zola site' };

export function tagUrl(tag: string): string {
  return `/tags/${encodeURIComponent(tagSlug(tag))}/`;
}

export function tagSlug(tag: string): string {
  return slugify(tag) || 'tag';
}

/** Claims and methods are plain text in YAML; `backticks` still mark commands. */
function inlineCode(text: string): ElementContent[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? h('code', part) : { type: 'text' as const, value: part }));
}

function join(items: Element[]): ElementContent[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [{ type: 'text' as const, value: ', ' }, item]));
}

function isElement(x: Element | undefined): x is Element {
  return x !== undefined;
}
