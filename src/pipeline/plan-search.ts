import { sha256 } from '../output/manifest.ts';
import { searchIndex } from '../search/search-index.ts';
import type { PlannedTree } from './plan-outputs.ts';

/**
 * Add the search index of the rendered entries and pages (not listings, not redirects) to the
 * planned tree, built from their HTML as written, so it passes the gates and the manifest like
 * every other file.
 */
export async function planSearch(tree: PlannedTree, search: { language: string; pagesPerIndex: number }, read: (rel: string) => string | Uint8Array): Promise<void> {
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
  for (const [rel, bytes] of await searchIndex(pages, search.language, search.pagesPerIndex)) {
    tree.outputs.set(rel, { sha256: sha256(bytes), size: bytes.length });
    tree.contents.set(rel, bytes);
  }
}
