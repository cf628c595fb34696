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

/**
 * Where publish finds its keys; relative to the project root. Each path can be overridden from the
 * environment (`GALLEY_WRITE_KEY`, ...; see `src/publish/keys/key-paths.ts`) for real deployments.
 */
export const publishKeysSchema = z.strictObject({
  dir: z.string().default('.galley/keys'),
  write: z.string().optional(),
  read: z.string().optional(),
  signing: z.string().optional(),
  allowedSigners: z.string().optional(),
  knownHosts: z.string().optional(),
  hostKey: z.string().optional(),
});

export const publishSchema = z.strictObject({
  /** Names the deployment; it is part of every known-good tag `release/<target>/...`. */
  target: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase name like `dev` or `prod`').default('dev'),
  /** The deploy repository; unset means the embedded server's repository on 127.0.0.1. */
  remote: z.string().optional(),
  branch: z.string().default('main'),
  /** Port of the embedded SSH git server (`npm start`); tests pass 0 for an ephemeral one. */
  port: z.number().int().min(0).max(65535).default(2222),
  /** Committer identity of deploy commits; the principal in `allowed_signers`. */
  committer: z
    .strictObject({ name: z.string().default('galley publish'), email: z.string().default('publish@galley.invalid') })
    .prefault({}),
  keys: publishKeysSchema.prefault({}),
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
  publish: publishSchema.prefault({}),
});

/** What the author writes (every key optional). */
export type UserConfig = z.input<typeof configSchema>;
/** What the tool reads (defaults applied). */
export type Config = z.output<typeof configSchema>;
