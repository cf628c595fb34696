import path from 'node:path';
import { slugify } from '../markdown/slugify.ts';

/** `content/pages`, as the POSIX prefix of page sources. */
export function pagesDir(contentDir: string): string {
  return path.posix.join(contentDir.split(path.sep).join('/'), 'pages');
}

export function isPageSource(source: string, contentDir: string): boolean {
  return source.startsWith(`${pagesDir(contentDir)}/`);
}

/**
 * Where a page is served: its path under `content/pages/`, each segment slugged by the entry
 * rule, `.md` dropped; `index.md` and Zola's `_index.md` are their folder's page
 * (`docs/index.md` → `/docs/`). A front matter `slug` replaces the last segment.
 */
export function pageAddress(source: string, contentDir: string, slug: string | undefined): { url: string; outPath: string } {
  const segments = source.slice(pagesDir(contentDir).length + 1).replace(/\.md$/i, '').split('/');
  if (/^_?index$/i.test(segments.at(-1)!)) segments.pop();
  const slugs = segments.map((s) => slugify(s)).filter(Boolean);
  if (slug !== undefined) slugs.splice(-1, 1, slug);
  const dir = slugs.map((s) => `${s}/`).join('');
  return { url: `/${dir}`, outPath: `${dir}index.html` };
}
