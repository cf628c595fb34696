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

/** A required section: matched by its id or, case-insensitively, by its heading text. */
export const requiredSectionSchema = z.strictObject({
  /** What the section is; `skeptic` and `action` get their `data-section` marks. */
  role: z.string().regex(/^[a-z][a-z0-9-]*$/),
  id: z.string().min(1),
  heading: z.string().min(1),
});

/** Required sections in the order they must appear (design §2: the skeptic's view before the action). */
export const sectionsSchema = z.strictObject({
  required: z.array(requiredSectionSchema).default([
    { role: 'skeptic', id: 'the-skeptic-s-view', heading: "The skeptic's view" },
    { role: 'action', id: 'one-concrete-action', heading: 'One concrete action' },
  ]),
  /** The role whose section must hold exactly one action (one list item or one paragraph). */
  action: z.string().default('action'),
});

/** A row of the metadata table: a front matter key, or `readingTime` / `revision`. */
export const metadataRowSchema = z.strictObject({
  key: z.string().min(1),
  label: z.string().min(1),
});

export const metadataSchema = z.strictObject({
  rows: z.array(metadataRowSchema).default([
    { key: 'date', label: 'Published' },
    { key: 'updated', label: 'Updated' },
    { key: 'status', label: 'Status' },
    { key: 'systems', label: 'Systems' },
    { key: 'tags', label: 'Tags' },
    { key: 'readingTime', label: 'Reading time' },
    { key: 'revision', label: 'Source revision' },
  ]),
});

/** Extra front matter keys the site accepts, as data so worker threads can rebuild the schema. */
export const fieldTypeSchema = z.enum(['string', 'string[]', 'date', 'number', 'boolean']);
export type FieldType = z.infer<typeof fieldTypeSchema>;

export const frontMatterSchema = z.strictObject({
  fields: z.record(z.string().regex(/^[a-z][A-Za-z0-9_]*$/), fieldTypeSchema).default({ systems: 'string[]' }),
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
  /** How publish proves the pushed commit served before tagging it known-good (publish/served-proof.ts). */
  confirm: z
    .strictObject({
      /** The address readers use; default `site.baseUrl`. */
      url: z.url().optional(),
      /** The sidecars' `--interval`: the wait is three of them plus 30 s unless `timeout` is set. */
      syncInterval: z.number().positive().default(30),
      timeout: z.number().positive().optional(),
      /** Pods behind the address: the pushed revision must answer this many × 8 times in a row. */
      replicas: z.number().int().positive().default(1),
      /** Each pod's sidecar (`http://pod:9090`): its /healthz must name the revision where it answers. */
      sidecars: z.array(z.url()).default([]),
    })
    .prefault({}),
});

/** The docs book (`galley docs`): hand-written chapters, where it is written, how it is published. */
export const docsSchema = z.strictObject({
  title: z.string().min(1).default('Operations book'),
  /** Hand-written chapters: `<source>/SUMMARY.md` and the files it lists. */
  source: z.string().default('docs'),
  /** Beside `site/`, not inside it: a build replaces `site/` whole. */
  out: z.string().default('site-docs'),
  /**
   * Links from generated pages to the files they were read from, at the provenance commit:
   * `{rev}`, `{path}` and optionally `{line}` filled in (`https://…/blob/{rev}/{path}#L{line}`).
   */
  sourceUrl: z.string().regex(/^https:\/\/[^\s]*\{path\}/, 'expected an https URL template with {path} (and {rev})').optional(),
  /** `--fleet DIR` (a flake): configuration name → the role the book shows instead of it. */
  roles: z.record(z.string().min(1), z.string().min(1).max(200)).default({}),
  /** Published as its own target (`release/<target>/...` tags) on its own branch of the deploy repository. */
  publish: z
    .strictObject({
      target: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase name like `docs`').default('docs'),
      branch: z.string().default('docs'),
    })
    .prefault({}),
});

/** More paths galley's Atom feed is written at (an imported site's old feed URLs), each of all entries, of one tag's or of one listing's. */
const feedPathsSchema = z.array(
  z
    .strictObject({
      path: z.string().regex(/^\/[^?#\s]*[^/?#\s]$/, 'expected a file path like `/rss.xml`'),
      tag: z.string().min(1).optional(),
      listing: z.string().min(1).optional(),
    })
    .refine((f) => f.tag === undefined || f.listing === undefined, 'expected `tag` or `listing`, not both'),
);

/**
 * More lists of entries besides the index and the tags (a moved site's sections): a page at
 * `path` with its pagers and feeds, listing the entries whose `listings` name it.
 */
export const listingSchema = z.strictObject({
  path: z.string().regex(/^\/([^?#\s/]+\/)+$/, 'expected a site path like `/blog/`'),
  title: z.string().trim().min(1),
  description: z.string().optional(),
  /** Entries per page here, instead of the site's `paginateBy` (Zola's per-section `paginate_by`). */
  paginateBy: z.number().int().positive().optional(),
});
export type ListingConfig = z.output<typeof listingSchema>;

export const feedsSchema = z.strictObject({
  /** `full`: each entry's rendered article (Zola's default); `summary`: its summary alone. */
  content: z.enum(['full', 'summary']).default('full'),
  /** The newest this many entries in each feed: a reader fetches the whole file at every poll. */
  limit: z.number().int().positive().default(50),
  paths: feedPathsSchema.default([]),
});

/** What a shared link shows (OpenGraph and Twitter card tags); defaults work with no change. */
export const sharingSchema = z.strictObject({
  /** A 1200×630 card generated for each entry and page without an image of its own. */
  cards: z.boolean().default(true),
  /** `og:site_name` and the card's footer; default `site.title`. */
  siteName: z.string().trim().min(1).optional(),
  /** The site's account, `twitter:site`. */
  twitter: z.string().regex(/^@\w{1,15}$/, 'expected a handle like `@galley`').optional(),
});

export const searchSchema = z.strictObject({
  enabled: z.boolean().default(true),
  // Pagefind's peak grows ~280 KB a page and is reached while it builds one index: about 1,500 pages
  // stay near 430 MB, under the build's 500 MB; more pages make more indexes, merged in the browser.
  pagesPerIndex: z.number().int().min(1).default(1500),
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
  sections: sectionsSchema.prefault({}),
  metadata: metadataSchema.prefault({}),
  frontMatter: frontMatterSchema.prefault({}),
  /** The feeds (Atom at /atom.xml, JSON Feed at /feed.json, and each tag's beside its page); a list is `paths` alone. */
  feeds: z
    .union([feedPathsSchema, feedsSchema])
    .prefault({})
    .transform((f) => (Array.isArray(f) ? feedsSchema.parse({ paths: f }) : f)),
  /** Entries per listing page (Zola's `paginate_by`): the index and each tag page go on at `page/2/`...; unset = one page. */
  paginateBy: z.number().int().positive().optional(),
  listings: z
    .array(listingSchema)
    .default([])
    .refine((ls) => new Set(ls.map((l) => l.path)).size === ls.length, 'expected each listing `path` once'),
  /** The search index (Pagefind) of every entry and page, the search page and the header's box. */
  search: searchSchema.prefault({}),
  /** Build-time syntax highlighting (classes, styled by `reading-aids.css`); Zola's `highlight_code`. */
  markdown: z.strictObject({ highlightCode: z.boolean().default(true) }).prefault({}),
  sharing: sharingSchema.prefault({}),
  /** Images: a source file over `budget` bytes (default 2 MB) is a warning where it is shown. */
  images: z.strictObject({ budget: z.number().int().positive().default(2 * 1024 * 1024) }).prefault({}),
  leak: z
    .strictObject({
      allow: z.array(leakAllowSchema).default([]),
    })
    .prefault({}),
  publish: publishSchema.prefault({}),
  docs: docsSchema.prefault({}),
}).check((ctx) => {
  const declared = new Set(ctx.value.listings.map((l) => l.path));
  ctx.value.feeds.paths.forEach((f, i) => {
    if (f.listing !== undefined && !declared.has(f.listing)) {
      ctx.issues.push({ code: 'custom', input: f.listing, path: ['feeds', 'paths', i, 'listing'], message: `expected a path of \`listings\` (${[...declared].join(', ') || 'none declared'})` });
    }
  });
});

/** What the author writes (every key optional). */
export type UserConfig = z.input<typeof configSchema>;
/** What the tool reads (defaults applied). */
export type Config = z.output<typeof configSchema>;
