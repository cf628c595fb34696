import type { Config } from '../config/schema.ts';
import type { ImageTable } from '../images/process-images.ts';

/** Where the output came from (design §4): printed in every footer and in the manifest. */
export interface Provenance {
  sourceCommit: string | null;
  /** The inputs had uncommitted or untracked changes (or no git): `sourceCommit` does not hold them. */
  sourceDirty: boolean;
  /** ISO 8601 UTC, from SOURCE_DATE_EPOCH when set. */
  buildTime: string;
  generatorVersion: string;
}

/** The site's hashed asset URLs, known before any page renders. */
export interface SiteAssets {
  css: string;
  /** Makes the Atom feed readable in a browser without the XML viewer's inline styles (CSP). */
  feedCss: string;
  icon: string;
  htmx: { url: string; integrity: string };
  /** The small script that carries a `#hash` through an alias redirect. */
  alias: string;
  /** `/` to the search box, and the search page's results. */
  search: string;
  /** Code highlighting, heading anchors, contents and footnotes; and the copy button's script. */
  readingAids: { css: string; script: string };
}

/** Everything a page template needs besides its entry; plain data, so it crosses to workers. */
export interface RenderContext {
  config: Config;
  assets: SiteAssets;
  provenance: Provenance;
  drafts: boolean;
  /** The site's processed images by source path; each page records the ones it looked up. */
  images?: ImageTable;
}

/** The listing view of an entry: index, tag pages, feed, sitemap. */
export interface EntrySummary {
  title: string;
  subtitle?: string | undefined;
  date: string;
  updated?: string | undefined;
  tags: string[];
  /** The paths of the site's `listings` it is in besides the index. */
  listings: string[];
  summary: string;
  url: string;
  draft: boolean;
}

/** A page's view (content/pages/) for the sitemap, its tags' pages and the gates: pages are not in the index or the feeds. */
export interface PageSummary {
  title: string;
  url: string;
  tags: string[];
  date?: string | undefined;
  updated?: string | undefined;
  draft: boolean;
}
