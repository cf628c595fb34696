import { z } from 'zod';
import type { FieldType } from '../config/schema.ts';
import { slugify } from '../markdown/slugify.ts';
import { aliasOutputPath } from './entry-slug.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** `YYYY-MM-DD` or an RFC 3339 date-time, from YAML (a string) or TOML (a Date); kept as text. */
export const dateSchema = z
  .union([z.string(), z.date()])
  // smol-toml's TomlDate prints a local date as `YYYY-MM-DD`, a date-time in full.
  .transform((value) => (value instanceof Date ? value.toISOString() : value))
  .refine(isCalendarDate, { message: 'expected a date `YYYY-MM-DD` (or an RFC 3339 date-time)' });

function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const verificationSchema = z.strictObject({
  claim: z.string().min(1),
  method: z.string().min(1),
});

/** Old site paths that redirect here. */
export const aliasesSchema = z
  .array(z.string().refine((a) => aliasOutputPath(a) !== undefined, 'expected a site path like `/2026/11/old-name/` that stays inside the site'))
  .default([]);

// A slug is one path segment; `../x` or `a/b` would write outside its folder of the output.
export const slugSchema = z.string().refine((s) => s.length > 0 && slugify(s) === s, 'expected a slug of lowercase letters, digits and `-`').optional();

/**
 * Writing that predates the editorial template, brought in by an import (`from: zola`, on `date`):
 * published like an entry, held to every gate but the editorial-section rules, and with no
 * verification footer unless it has claims.
 */
export const importedSchema = z.strictObject({ from: z.string().trim().min(1), date: dateSchema });

const baseShape = {
  title: z.string().trim().min(1),
  subtitle: z.string().optional(),
  date: dateSchema,
  updated: dateSchema.optional(),
  tags: z.array(z.string().min(1)).default([]),
  summary: z.string().trim().min(1),
  status: z.string().optional(),
  // At least one, unless the entry is imported (checked in entrySchema, where both keys are known).
  verification: z.array(verificationSchema).optional(),
  imported: importedSchema.optional(),
  draft: z.boolean().default(false),
  /** `false` leaves out the table of contents. */
  toc: z.boolean().default(true),
  aliases: aliasesSchema,
  slug: slugSchema,
  /** The `listings` of site.config.ts (by path) that list this entry besides the index. */
  listings: z.array(z.string().min(1)).default([]),
};

const fieldSchemas: Record<FieldType, z.ZodType> = {
  string: z.string(),
  'string[]': z.array(z.string()),
  date: dateSchema,
  number: z.number(),
  boolean: z.boolean(),
};

const cache = new Map<string, z.ZodObject>();

/**
 * A strict front matter schema: `shape` extended by the site's `frontMatter.fields` (all
 * optional; a field named like a key of the shape does not replace it).
 */
export function withFields<S extends z.ZodRawShape>(kind: string, shape: S, fields: Record<string, FieldType>): z.ZodObject<S, z.core.$strict> {
  // Built once per thread, kind and field set: building a zod object per entry cost ~5 % of a build.
  const key = `${kind}\0${JSON.stringify(fields)}`;
  let schema = cache.get(key);
  if (!schema) {
    const extra: Record<string, z.ZodType> = {};
    for (const [name, type] of Object.entries(fields)) {
      if (!(name in shape)) extra[name] = fieldSchemas[type].optional();
    }
    cache.set(key, (schema = z.strictObject({ ...shape, ...extra })));
  }
  return schema as z.ZodObject<S, z.core.$strict>;
}

/** The entry's strict front matter schema, extended by the site's `frontMatter.fields`. */
export function entrySchema(fields: Record<string, FieldType>) {
  const object = withFields('entry', baseShape, fields);
  let schema = checked.get(object);
  if (!schema) {
    schema = object.check((ctx) => {
      const { verification, imported } = ctx.value;
      if (imported || (verification && verification.length > 0)) return;
      // Missing: the path finds no value and the finding says the key is missing; empty: it says this.
      ctx.issues.push({ code: 'custom', path: ['verification'], message: 'expected at least one verified claim', input: verification });
    });
    checked.set(object, schema);
  }
  return schema;
}

const checked = new WeakMap<object, ReturnType<typeof withFields<typeof baseShape>>>();

export type EntryData = z.output<ReturnType<typeof entrySchema>> & Record<string, unknown>;
