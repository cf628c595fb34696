import { z } from 'zod';

/**
 * The author's `site.config.ts`, validated strictly: an unknown key is an error with a
 * did-you-mean hint (see `load-config.ts`). Each stage owns its slice; defaults live here once.
 */
export const leakAllowSchema = z.strictObject({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 fingerprint (64 hex digits)'),
  reason: z.string().min(1),
});

export const siteSchema = z.strictObject({
  title: z.string().min(1).default('galley'),
  description: z.string().default(''),
  /** Absolute URL the site is served at; used by the feed, sitemap and canonical links. */
  baseUrl: z.url().default('http://127.0.0.1:8080/'),
  language: z.string().default('en'),
  author: z.string().default(''),
});

export const configSchema = z.strictObject({
  site: siteSchema.prefault({}),
  /** Where entries, static files and vendored files are, relative to the project root. */
  paths: z
    .strictObject({
      content: z.string().default('content'),
      public: z.string().default('public'),
      vendor: z.string().default('vendor'),
      templates: z.string().default('templates'),
      output: z.string().default('site'),
    })
    .prefault({}),
  leak: z
    .strictObject({
      allow: z.array(leakAllowSchema).default([]),
    })
    .prefault({}),
});

/** What the author writes (every key optional). */
export type UserConfig = z.input<typeof configSchema>;
/** What the tool reads (defaults applied). */
export type Config = z.output<typeof configSchema>;
