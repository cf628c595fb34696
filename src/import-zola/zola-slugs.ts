import { slugify } from '../markdown/slugify.ts';

/** Zola's `[slugify]` strategies: `on` slugifies, `safe` only removes what paths cannot hold. */
export type SlugifyStrategy = 'on' | 'safe' | 'off';

// Characters NTFS forbids; Zola strips them (and trailing spaces and dots) under `safe`.
const UNSAFE_PATH_CHARS = /[<>:"/\\|?*]/g;

/** A path segment (page slug, taxonomy name or term) the way Zola writes it. */
export function slugifyPath(text: string, strategy: SlugifyStrategy): string {
  if (strategy === 'on') return slugify(text);
  if (strategy === 'safe') return text.replace(/[ .]+$/, '').replace(UNSAFE_PATH_CHARS, '');
  return text;
}

/** A heading's generated id the way Zola writes it: `safe` and `off` only swap whitespace for `_`. */
export function slugifyAnchor(text: string, strategy: SlugifyStrategy): string {
  if (strategy === 'on') return slugify(text);
  return text.replace(/[\t\n\f\r ]/g, '_');
}

/** Zola's duplicate rule for heading ids: `example`, then `example-1`, `example-2`. */
export function uniqueAnchor(taken: ReadonlySet<string>, name: string): string {
  if (!taken.has(name)) return name;
  for (let n = 1; ; n++) if (!taken.has(`${name}-${n}`)) return `${name}-${n}`;
}
