import { sha256 } from '../output/manifest.ts';
import type { IndexStore } from '../search/index-store.ts';
import { searchIndex } from '../search/search-index.ts';
import type { PlannedTree } from './plan-outputs.ts';

/**
 * Add the search index of the rendered entries and pages (not listings, not redirects) to the
 * planned tree, built from their HTML as written, so it passes the gates and the manifest like
 * every other file. Returns how many of its indexes were built anew and taken from the store.
 */
export async function planSearch(tree: PlannedTree, search: { language: string; pagesPerIndex: number; store: IndexStore }, read: (rel: string) => string | Uint8Array): Promise<{ built: number; reused: number }> {
  const pages = [...tree.outputs]
    .filter(([rel, file]) => file.draft !== undefined && file.redirect === undefined && rel.endsWith('.html'))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([rel, file]) => ({
      url: `/${rel.replace(/index\.html$/, '')}`,
      sha256: file.sha256,
      html: () => {
        const data = read(rel);
        return typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
      },
    }));
  const { files, built, reused } = await searchIndex(pages, search);
  for (const [rel, bytes] of files) {
    tree.outputs.set(rel, { sha256: sha256(bytes), size: bytes.length });
    tree.contents.set(rel, bytes);
  }
  return { built, reused };
}
