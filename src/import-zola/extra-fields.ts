import type { FieldType } from '../config/schema.ts';
import type { ImportLog } from './import-log.ts';
import type { ZolaPage } from './read-content.ts';

// `[extra]` keys that are galley header fields already (entry-front-matter.ts maps them): an
// entry's, and a page's (a page has a subtitle; its other keys are renamed like any reserved name).
const HEADER_EXTRAS = { entry: new Set(['subtitle', 'status', 'systems', 'verification']), page: new Set(['subtitle']) };
// The key rule of `frontMatter.fields` (src/config/schema.ts), and the keys galley's header owns.
const FIELD_NAME = /^[a-z][A-Za-z0-9_]*$/;
const RESERVED = new Set(['title', 'subtitle', 'description', 'date', 'updated', 'tags', 'summary', 'status', 'systems', 'verification', 'draft', 'toc', 'aliases', 'slug']);

export interface ExtraFields {
  /** Every kept field and its type, for `frontMatter.fields` of site.config.ts. */
  types: Map<string, FieldType>;
  /** The kept `[extra]` values of one file, by field name in name order, for its front matter. */
  of(page: ZolaPage): Record<string, unknown>;
}

interface Flat {
  /** The `[extra]` key as Zola wrote it (`author.name` for a table's key). */
  key: string;
  field: string;
  value: unknown;
}

/**
 * `[extra]` keys become header fields the site config declares, so they stay in the front
 * matter. A table's keys become fields of their own (`author.name` → `author_name`); a name galley
 * cannot take (`updated`, `show-toc`) is kept as `extra_<name>`. A key needs one type across the
 * site and a value galley's fields hold (a string, a list of strings, a number, a boolean, a
 * date); anything else is reported at its line.
 */
export function extraFields(pages: readonly { page: ZolaPage; kind: 'entry' | 'page' }[], log: ImportLog): ExtraFields {
  const flats = new Map(pages.map(({ page, kind }) => [page, Object.entries(page.meta.extra).filter(([key]) => !HEADER_EXTRAS[kind].has(key)).flatMap(([key, value]) => flatten(key, value))]));
  const seen = new Map<string, Set<FieldType | undefined>>();
  for (const list of flats.values()) for (const f of list) seen.set(f.field, (seen.get(f.field) ?? new Set()).add(fieldType(f.value)));
  const types = new Map<string, FieldType>();
  for (const [field, kinds] of [...seen].sort(([a], [b]) => a.localeCompare(b))) {
    const [only] = kinds;
    if (kinds.size === 1 && only) types.set(field, only);
  }
  for (const [page, list] of flats) {
    const at = (key: string): { file: string; line: number } => ({ file: page.file, line: page.front.keyLines.get(`extra.${key.split('.')[0]}`) ?? page.front.keyLines.get('extra') ?? 1 });
    const renamed = list.filter((f) => types.has(f.field) && f.field !== f.key);
    if (renamed.length > 0) log.note('converted', at(renamed[0]!.key), '`[extra]`', `kept as ${renamed.map((f) => `\`${f.field}\` (\`${f.key}\`)`).join(', ')}: galley's field names`);
    for (const f of list.filter((x) => !types.has(x.field))) {
      const why = fieldType(f.value) === undefined ? 'a value of another shape (a list of other than strings)' : `types that differ between files (${[...seen.get(f.field)!].map((t) => t ?? 'other').join(', ')})`;
      log.needsPerson(at(f.key), `\`extra.${f.key}\``, `Unexpected \`[extra]\` key \`${f.key}\` with ${why}, expected a header field`, 'import-extra-key', `Its value (${JSON.stringify(f.value)}) is only in the Zola file; move it into the text, or declare a field for it in site.config.ts.`);
    }
  }
  return {
    types,
    of: (page) => Object.fromEntries(flats.get(page)!.filter((f) => types.has(f.field)).sort((a, b) => a.field.localeCompare(b.field)).map((f) => [f.field, f.value instanceof Date ? f.value.toISOString() : f.value])),
  };
}

function flatten(key: string, value: unknown): Flat[] {
  if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([k, v]) => flatten(`${key}.${k}`, v));
  }
  return [{ key, field: fieldName(key), value }];
}

function fieldName(key: string): string {
  const name = key.replace(/[^A-Za-z0-9_]/g, '_');
  return FIELD_NAME.test(name) && !RESERVED.has(name) ? name : `extra_${name}`;
}

function fieldType(value: unknown): FieldType | undefined {
  if (typeof value === 'string') return 'string';
  if (value instanceof Date) return 'date';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'string[]';
  return undefined;
}
