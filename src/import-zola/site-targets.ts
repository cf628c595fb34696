import { slugify } from '../markdown/slugify.ts';
import { GALLEY_FEED } from './convert-config.ts';
import type { SiteFiles } from './convert-sections.ts';
import { fileForUrl } from './redirect-page.ts';

/** What the imported project's build writes at one output path, as the link gate sees it. */
export interface Target {
  draft: boolean;
  /** Heading ids of a rendered page; unknown (not checked) for files and galley's own pages. */
  ids?: ReadonlySet<string>;
  /** The output path an alias page sends a reader to, whose ids a fragment is checked against. */
  redirect?: string;
}

export interface PlannedOutput {
  url: string;
  draft: boolean;
  ids: ReadonlySet<string>;
  aliases: readonly string[];
  tags: readonly string[];
}

// galley's own pages (design §3), besides one page per tag of a published entry.
const GALLEY_FILES = ['index.html', 'tags/index.html', GALLEY_FEED, 'sitemap.xml', 'robots.txt', '404.html'];

/**
 * Every output path the imported project's build will write (entries, pages, their aliases,
 * `public/`, galley's own pages), so the import can find the links the build would refuse
 * before writing anything.
 */
export function siteTargets(outputs: readonly PlannedOutput[], files: SiteFiles): Map<string, Target> {
  const targets = new Map<string, Target>();
  for (const file of GALLEY_FILES) targets.set(file, { draft: false });
  for (const o of outputs) {
    const out = fileForUrl(o.url);
    targets.set(out, { draft: o.draft, ids: o.ids });
    for (const alias of o.aliases) if (!targets.has(fileForUrl(alias))) targets.set(fileForUrl(alias), { draft: o.draft, redirect: out });
    if (!o.draft) for (const tag of o.tags) targets.set(`tags/${slugify(tag)}/index.html`, { draft: false });
  }
  for (const url of [...files.redirects.keys(), ...files.pagers, ...files.listings.map((l) => l.path)]) targets.set(fileForUrl(url), { draft: false });
  for (const url of [...files.feeds.keys(), ...files.listings.map((l) => `${l.path}${GALLEY_FEED}`)]) targets.set(fileForUrl(url), { draft: false });
  for (const rel of files.copies.keys()) targets.set(rel, { draft: false });
  return targets;
}
