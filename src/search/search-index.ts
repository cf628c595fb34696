import { createHash } from 'node:crypto';
import type { PagefindIndex } from 'pagefind';
import { codeFingerprint } from '../cache/code-fingerprint.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { IndexStore, type IndexFiles } from './index-store.ts';

/** Where the index and its loader are served; the search script imports `/pagefind/pagefind.js`. */
export const SEARCH_DIR = 'pagefind';

/** A rendered page to index: its site path, its hash, and its HTML (of which the part marked `data-pagefind-body` counts). */
export interface SearchPage {
  url: string;
  sha256: string;
  /** Read when indexed, one page at a time: 4,000 pages held at once were 110 MB of text. */
  html: () => string;
}

// Pagefind also writes its own UIs; galley's search script uses the API alone, and their
// stylesheets and inline styles would not pass the self-only CSP anyway.
const UI_FILE = /^pagefind-(?:ui|modular-ui|component-ui|highlight)\.(?:js|css)$/;

/** The list of the further indexes (`part-2/`, ...) that the search script merges into the first. */
const PARTS_FILE = 'parts.json';

export interface SearchIndexOptions {
  language: string;
  /** About this many pages make one index. */
  pagesPerIndex: number;
  /** Indexes built before; without one, every index is built. */
  store?: IndexStore;
}

export interface SearchIndex {
  /** The output files, by path under the site. */
  files: Map<string, Uint8Array>;
  /** Indexes built by Pagefind in this call, and taken from the store. */
  built: number;
  reused: number;
}

/**
 * The Pagefind index of the pages, as output files under `pagefind/`: its loader, WebAssembly,
 * word index shards and one fragment per page, which a query fetches only in part (bytes for one
 * query at 4,000 entries: see the README). About every `pagesPerIndex` pages make one index, each
 * built by its own Pagefind process (the first at `pagefind/`, then `pagefind/part-2/`, ...), so
 * the memory of one build does not grow with the site. Pagefind cannot update an index, so a page
 * goes to the index its URL hashes to: a changed, new or removed page changes that index alone,
 * and the others come from the store, keyed by their pages' hashes. Deterministic for the same pages.
 */
export async function searchIndex(pages: readonly SearchPage[], options: SearchIndexOptions): Promise<SearchIndex> {
  const store = options.store ?? new IndexStore(undefined);
  const buckets = bucketsOf(pages, options.pagesPerIndex);
  const files = new Map<string, Uint8Array>();
  const parts: string[] = [];
  const keys = new Set<string>();
  let built = 0;
  for (const [i, bucket] of buckets.entries()) {
    // The first index holds the loader the search script imports, even for a site without pages.
    if (i > 0 && bucket.length === 0) continue;
    const dir = i === 0 ? SEARCH_DIR : `${SEARCH_DIR}/part-${i + 1}`;
    if (i > 0) parts.push(`part-${i + 1}/`);
    const key = indexKey(bucket, options.language);
    keys.add(key);
    let index = await store.get(key);
    if (!index) {
      index = await oneIndex(bucket, options.language);
      await store.set(key, index);
      built++;
    }
    for (const [rel, bytes] of index) files.set(`${dir}/${rel}`, bytes);
  }
  files.set(`${SEARCH_DIR}/${PARTS_FILE}`, new TextEncoder().encode(`${JSON.stringify(parts)}\n`));
  await store.keepOnly(keys);
  return { files, built, reused: keys.size - built };
}

/**
 * The pages of each index, in URL order: by a hash of the URL, so that a page stays in its index
 * while others come and go. Their count changes only when the site crosses a multiple of
 * `pagesPerIndex`, which moves every page once; the hash spreads them within a few percent of even.
 */
function bucketsOf(pages: readonly SearchPage[], pagesPerIndex: number): SearchPage[][] {
  const buckets: SearchPage[][] = Array.from({ length: Math.max(1, Math.ceil(pages.length / pagesPerIndex)) }, () => []);
  const sorted = [...pages].sort((a, b) => (a.url < b.url ? -1 : 1));
  for (const page of sorted) buckets[createHash('sha256').update(page.url).digest().readUInt32BE(0) % buckets.length]!.push(page);
  return buckets;
}

/** What an index's files depend on: its pages as rendered, the language, and galley's code and Pagefind's version. */
function indexKey(pages: readonly SearchPage[], language: string): string {
  const hash = createHash('sha256').update(`${codeFingerprint()}\0${language}\0`);
  for (const p of pages) hash.update(`${p.url}\0${p.sha256}\0`);
  return hash.digest('hex');
}

/** One index in a Pagefind process of its own, closed when written: its memory is returned. */
async function oneIndex(pages: readonly SearchPage[], language: string): Promise<IndexFiles> {
  // Loaded on demand: it starts Pagefind's own binary as a service.
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
    if (!index) throw failure('could not start', errors);
    await addPages(index, pages);
    const { files, errors: writeErrors } = await index.getFiles();
    if (writeErrors.length > 0) throw failure('could not write the index', writeErrors);
    const out = new Map<string, Uint8Array>();
    for (const f of files.filter((f) => !UI_FILE.test(f.path)).sort((a, b) => (a.path < b.path ? -1 : 1))) out.set(f.path, f.content);
    return out;
  } finally {
    await pagefind.close();
  }
}

function failure(what: string, errors: string[]): GalleyError {
  return new GalleyError(`Unexpected Pagefind failure: it ${what} (${errors.join('; ')}), expected the search index of the site`, {
    exitCode: ExitCode.io,
    ruleId: 'search-index',
    hint: 'Check that the `pagefind` package and its binary package (`@pagefind/linux-x64` here) are installed (`npm ci`), or set `search: { enabled: false }` in site.config.ts. Nothing was written.',
  });
}

async function addPages(index: PagefindIndex, pages: readonly SearchPage[]): Promise<void> {
  for (const page of pages) {
    const { errors } = await index.addHTMLFile({ url: page.url, content: page.html() });
    if (errors.length > 0) throw failure(`could not index ${page.url}`, errors);
  }
}
