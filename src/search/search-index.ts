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

// `galley dev` rebuilds in one process: the index of the same pages is kept, not built anew.
let last: { key: string; files: Map<string, Uint8Array> } | undefined;

/**
 * The Pagefind index of the pages, as output files under `pagefind/`: its loader, WebAssembly,
 * word index shards and one fragment per page, which a query fetches only in part (bytes for one
 * query at 4,000 entries: see the README). Deterministic for the same pages in the same order.
 */
export async function searchIndex(pages: readonly SearchPage[], language: string): Promise<Map<string, Uint8Array>> {
  const hash = createHash('sha256');
  for (const p of pages) hash.update(`${p.url}\0${p.sha256}\0`);
  const key = hash.digest('hex');
  if (last?.key === key) return last.files;
  // Loaded on demand: it starts Pagefind's own binary as a service.
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
    if (!index) throw failure('could not start', errors);
    await addPages(index, pages);
    const { files, errors: writeErrors } = await index.getFiles();
    if (writeErrors.length > 0) throw failure('could not write the index', writeErrors);
    const out = new Map<string, Uint8Array>();
    for (const f of files.filter((f) => !UI_FILE.test(f.path)).sort((a, b) => (a.path < b.path ? -1 : 1))) out.set(`${SEARCH_DIR}/${f.path}`, f.content);
    last = { key, files: out };
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
