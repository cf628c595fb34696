import { stringify } from 'yaml';
import type { ImportLog } from './import-log.ts';
import type { ZolaPage } from './read-content.ts';

/** The galley entry header (design §2), in its documented key order. */
export interface EntryFrontMatter {
  title: string;
  subtitle?: string;
  /** Absent only on a draft whose Zola page had no date: the report asks a person for one. */
  date?: string;
  updated?: string;
  tags: string[];
  /** Its Zola sections' listings (`listings` of site.config.ts). */
  listings?: string[];
  summary: string;
  status?: string;
  systems?: string[];
  verification?: { claim: string; method: string }[];
  /** Writing that predates the editorial template (design §2): no sections or claims required. */
  imported: { from: 'zola'; date: string };
  draft: boolean;
  aliases: string[];
}

// Zola header keys whose job galley does another way (one template, entries ordered by date).
const REPLACED_KEYS: Record<string, string> = {
  template: 'galley renders every entry with the editorial template',
  weight: 'galley orders entries by date',
  in_search_index: 'galley has no search index',
};

export interface HeaderInput {
  page: ZolaPage;
  date: string | undefined;
  tags: string[];
  listings: string[];
  summary: string;
  aliases: string[];
  draft: boolean;
  /** The day of the import. */
  importedOn: string;
  /** The page's other `[extra]` keys, kept as header fields (extra-fields.ts). */
  fields: Record<string, unknown>;
}

/** Map a Zola page header onto galley's; what has no place is logged with its line. */
export function entryFrontMatter(input: HeaderInput, log: ImportLog): EntryFrontMatter {
  const { page } = input;
  const { meta } = page;
  const at = (key: string): { file: string; line: number } => ({ file: page.file, line: page.front.keyLines.get(key) ?? 1 });
  const extra = meta.extra;
  const verification = readVerification(extra.verification);
  reportHeaderKeys(page, log);
  if (extra.verification !== undefined && verification.length === 0) {
    log.needsPerson(at('extra.verification'), '`extra.verification`', 'Unexpected `extra.verification` shape, expected a list of {claim, method}', 'import-extra-key', 'Write each item as a table with `claim` and `method`.');
  }
  const header: EntryFrontMatter = {
    title: meta.title ?? page.stem,
    ...(typeof extra.subtitle === 'string' ? { subtitle: extra.subtitle } : {}),
    ...(input.date ? { date: input.date } : {}),
    ...(meta.updated ? { updated: day(meta.updated) } : {}),
    tags: input.tags,
    ...(input.listings.length > 0 ? { listings: input.listings } : {}),
    summary: input.summary,
    ...(typeof extra.status === 'string' ? { status: extra.status } : {}),
    ...(Array.isArray(extra.systems) ? { systems: extra.systems.map(String) } : {}),
    ...(verification.length > 0 ? { verification } : {}),
    imported: { from: 'zola', date: input.importedOn },
    draft: input.draft,
    aliases: input.aliases,
    ...input.fields,
  };
  return header;
}

/** A galley page's header: a title, the dates Zola had, its terms as tags (Zola lists it on their pages), the `[extra]` fields; no editorial parts. */
export function pageFrontMatter(input: Omit<HeaderInput, 'listings' | 'summary' | 'importedOn'> & { description: string | undefined }, log: ImportLog): Record<string, unknown> {
  const { page } = input;
  reportHeaderKeys(page, log);
  const { extra } = page.meta;
  return {
    title: page.meta.title ?? page.stem,
    ...(typeof extra.subtitle === 'string' ? { subtitle: extra.subtitle } : {}),
    ...(input.date ? { date: input.date } : {}),
    ...(page.meta.updated ? { updated: day(page.meta.updated) } : {}),
    ...(input.description ? { description: input.description } : {}),
    ...(input.draft ? { draft: true } : {}),
    ...(input.aliases.length > 0 ? { aliases: input.aliases } : {}),
    ...(input.tags.length > 0 ? { tags: input.tags } : {}),
    ...input.fields,
  };
}

/** Header keys galley does another way, each reported at its line. */
function reportHeaderKeys(page: ZolaPage, log: ImportLog): void {
  const { meta } = page;
  const at = (key: string): { file: string; line: number } => ({ file: page.file, line: page.front.keyLines.get(key) ?? 1 });
  for (const [key, why] of Object.entries(REPLACED_KEYS)) {
    if (key in meta && meta[key as keyof typeof meta] !== undefined && !(key === 'render' && meta.render)) log.note('converted', at(key), `\`${key}\``, why);
  }
  if (meta.authors.length > 0) {
    log.needsPerson(at('authors'), '`authors`', 'Unexpected `authors` on an entry, expected the site author of site.config.ts', 'import-authors', `Credit ${meta.authors.join(', ')} in the entry's text, or set site.author.`);
  }
  // A key Zola does not know it ignores, and so does the import: no row (it showed nowhere).
}

/** The day of a Zola date or datetime: galley dates are days. */
export function day(date: string): string {
  return date.slice(0, 10);
}

function readVerification(value: unknown): { claim: string; method: string }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    item && typeof item === 'object' && typeof item.claim === 'string' && typeof item.method === 'string' ? [{ claim: item.claim, method: item.method }] : [],
  );
}

/** An entry or page file: YAML header, then the Markdown body. */
export function entrySource(header: EntryFrontMatter | Record<string, unknown>, body: string): string {
  const yaml = stringify(header, { lineWidth: 0 });
  return `---\n${yaml}---\n${body.replace(/^\n+/, '\n').replace(/\s*$/, '\n')}`;
}
