import path from 'node:path';
import { listTree } from '../output/list-tree.ts';

/**
 * Bundles (Zola's colocated assets, Hugo's page bundles): a folder of `content/entries` or
 * `content/pages` whose `index.md` is the entry or page, with its images and files beside it.
 * Those files are the entry's own: served from its folder, so `![x](net.png)` resolves there.
 */
const INDEX = /^_?index\.md$/i;

/** The bundle folder (root-relative, POSIX) a source is the index of, if it is one. */
export function bundleOf(source: string): string | undefined {
  return INDEX.test(path.posix.basename(source)) ? path.posix.dirname(source) : undefined;
}

/** A file of a bundle: the folder it belongs to and its path inside it. */
export interface BundleFile {
  bundle: string;
  rel: string;
}

/**
 * Every file under `<content>/entries` and `<content>/pages` that is not Markdown and lies in a
 * bundle, by root-relative path. A file belongs to the nearest folder above it that has an index;
 * one in no bundle is not published (it has no page to belong to).
 */
export async function listBundleFiles(root: string, contentDir: string): Promise<Map<string, BundleFile>> {
  const content = contentDir.split(path.sep).join('/');
  const found = new Map<string, BundleFile>();
  for (const kind of ['entries', 'pages']) {
    const base = path.posix.join(content, kind);
    const names = await listTree(path.join(root, contentDir, kind));
    const bundles = new Set(names.filter((n) => INDEX.test(path.posix.basename(n))).map((n) => path.posix.dirname(n)));
    for (const name of names) {
      if (name.toLowerCase().endsWith('.md')) continue;
      let dir = path.posix.dirname(name);
      while (!bundles.has(dir) && dir !== '.') dir = path.posix.dirname(dir);
      if (!bundles.has(dir)) continue;
      const bundle = dir === '.' ? base : path.posix.join(base, dir);
      found.set(path.posix.join(base, name), { bundle, rel: dir === '.' ? name : name.slice(dir.length + 1) });
    }
  }
  return found;
}
