import { z } from 'zod';

/** TOML and YAML dates arrive as Date objects or strings; keep Zola's written form. */
const dateText = z.preprocess((value) => {
  if (value instanceof Date) {
    const iso = (value as Date & { isDate?: () => boolean }).toISOString();
    return iso.replace(/\.000(Z?)$/, '$1');
  }
  return value;
}, z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected a date like 2024-01-02'));

const stringList = z.array(z.string()).default([]);

/** A Zola page header (`PageFrontMatter`); other keys are kept and reported, never dropped. */
export const zolaPageSchema = z.looseObject({
  title: z.string().optional(),
  description: z.string().optional(),
  date: dateText.optional(),
  updated: dateText.optional(),
  draft: z.boolean().default(false),
  render: z.boolean().default(true),
  slug: z.string().min(1, "`slug` can't be empty").optional(),
  path: z.string().min(1, "`path` can't be empty").optional(),
  taxonomies: z.record(z.string(), z.array(z.string())).default({}),
  weight: z.number().optional(),
  authors: stringList,
  aliases: stringList,
  template: z.string().optional(),
  in_search_index: z.boolean().optional(),
  extra: z.record(z.string(), z.unknown()).default({}),
});
export type ZolaPageMeta = z.output<typeof zolaPageSchema>;

/** A Zola section header (`_index.md`, `SectionFrontMatter`). */
export const zolaSectionSchema = z.looseObject({
  title: z.string().optional(),
  description: z.string().optional(),
  draft: z.boolean().default(false),
  render: z.boolean().default(true),
  redirect_to: z.string().optional(),
  transparent: z.boolean().default(false),
  page_template: z.string().optional(),
  template: z.string().optional(),
  sort_by: z.string().optional(),
  weight: z.number().optional(),
  paginate_by: z.number().int().nonnegative().optional(),
  paginate_path: z.string().default('page'),
  paginate_reversed: z.boolean().optional(),
  insert_anchor_links: z.string().optional(),
  in_search_index: z.boolean().optional(),
  generate_feeds: z.boolean().optional(),
  generate_feed: z.boolean().optional(),
  aliases: stringList,
  extra: z.record(z.string(), z.unknown()).default({}),
});
export type ZolaSectionMeta = z.output<typeof zolaSectionSchema>;

