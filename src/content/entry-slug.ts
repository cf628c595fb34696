import path from 'node:path';
import { slugify } from '../markdown/slugify.ts';
import { bundleOf } from './bundles.ts';

/**
 * The entry's slug: its front matter `slug` (validated by the schema), else its file name by
 * Zola's rule; a bundle's `index.md` is named by its folder.
 */
export function entrySlug(sourcePath: string, explicit: string | undefined): string {
  const bundle = bundleOf(sourcePath);
  return explicit ?? slugify(bundle ? path.posix.basename(bundle) : path.posix.basename(sourcePath).replace(/\.md$/i, ''));
}

/** An alias is a site path like `/2026/11/one-verb/`: absolute, normalized, never leaving the site. */
export function aliasOutputPath(alias: string): string | undefined {
  if (!alias.startsWith('/') || alias.includes('\\') || alias.includes('\0')) return undefined;
  const segments = alias.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) return undefined;
  if (segments.length === 0) return undefined;
  const last = segments.at(-1)!;
  return /\.html?$/.test(last) ? segments.join('/') : [...segments, 'index.html'].join('/');
}
