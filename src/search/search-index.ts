import { createHash } from 'node:crypto';
import type { PagefindIndex } from 'pagefind';
import { ExitCode, GalleyError } from '../report/galley-error.ts';

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

// `galley dev` rebuilds in one process: the index of the same pages is kept, not built anew.
let last: { key: string; files: Map<string, Uint8Array> } | undefined;

/**
 * The Pagefind index of the pages, as output files under `pagefind/`: its loader, WebAssembly,
 * word index shards and one fragment per page, which a query fetches only in part (bytes for one
 * query at 4,000 entries: see the README). Every `pagesPerIndex` pages make one index, each built
 * by its own Pagefind process (the first at `pagefind/`, then `pagefind/part-2/`, ...), so the
 * memory of one build does not grow with the site. Deterministic for the same pages in the same order.
 */
export async function searchIndex(pages: readonly SearchPage[], language: string, pagesPerIndex: number): Promise<Map<string, Uint8Array>> {
  const hash = createHash('sha256').update(`${pagesPerIndex}\0`);
  for (const p of pages) hash.update(`${p.url}\0${p.sha256}\0`);
  const key = hash.digest('hex');
  if (last?.key === key) return last.files;
  const out = new Map<string, Uint8Array>();
  const parts: string[] = [];
  for (let i = 0; i === 0 || i * pagesPerIndex < pages.length; i++) {
    const dir = i === 0 ? SEARCH_DIR : `${SEARCH_DIR}/part-${i + 1}`;
    if (i > 0) parts.push(`part-${i + 1}/`);
    for (const [rel, bytes] of await oneIndex(pages.slice(i * pagesPerIndex, (i + 1) * pagesPerIndex), language)) out.set(`${dir}/${rel}`, bytes);
  }
  out.set(`${SEARCH_DIR}/${PARTS_FILE}`, new TextEncoder().encode(`${JSON.stringify(parts)}\n`));
  last = { key, files: out };
  return out;
}

/** One index in a Pagefind process of its own, closed when written: its memory is returned. */
async function oneIndex(pages: readonly SearchPage[], language: string): Promise<Map<string, Uint8Array>> {
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
