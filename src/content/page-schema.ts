import { z } from 'zod';
import type { FieldType } from '../config/schema.ts';
import { aliasesSchema, dateSchema, slugSchema, withFields } from './entry-schema.ts';

/**
 * A page's header: a title and little else. No summary or verification: a page is not listed
 * or held to the editorial template (design §2). Its `tags` put it on their tag pages, after the
 * entries, as Zola lists an undated page on its terms' pages.
 */
const pageShape = {
  title: z.string().trim().min(1),
  subtitle: z.string().optional(),
  /** The page's `<meta name="description">`; the site's description when unset. */
  description: z.string().trim().min(1).optional(),
  date: dateSchema.optional(),
  updated: dateSchema.optional(),
  draft: z.boolean().default(false),
  /** `false` leaves out the table of contents. */
  toc: z.boolean().default(true),
  aliases: aliasesSchema,
  tags: z.array(z.string().min(1)).default([]),
  /** Replaces the last segment of the page's address. */
  slug: slugSchema,
};

/** The page's strict front matter schema, extended by the site's `frontMatter.fields` like an entry's. */
export function pageSchema(fields: Record<string, FieldType>) {
  return withFields('page', pageShape, fields);
}

export type PageData = z.output<ReturnType<typeof pageSchema>> & Record<string, unknown>;
