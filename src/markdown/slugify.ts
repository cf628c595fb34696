import { transliterateChar } from './transliterate.ts';

/**
 * Zola's slug rule (the `slug` crate over `deunicode`): each non-ASCII character is
 * transliterated on its own, then ASCII letters and digits are kept lowercased and every run of
 * anything else becomes one `-`, trimmed at both ends. "The skeptic's view" →
 * `the-skeptic-s-view`, "日本" → `ri-ben`.
 */
export function slugify(text: string): string {
  let out = '';
  let dash = true; // true at the start, so a leading separator is dropped
  const push = (ascii: string): void => {
    for (const ch of ascii) {
      const lower = ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
      if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
        out += lower;
        dash = false;
      } else if (!dash) {
        out += '-';
        dash = true;
      }
    }
  };
  for (const ch of text) push(ch.charCodeAt(0) < 0x80 ? ch : transliterateChar(ch));
  return out.endsWith('-') ? out.slice(0, -1) : out;
}

/** Hands out unique slugs in document order: the second `intro` is `intro-1`, then `intro-2`. */
export class SlugCounter {
  readonly #seen = new Map<string, number>();

  unique(slug: string): string {
    const count = this.#seen.get(slug);
    if (count === undefined) {
      this.#seen.set(slug, 0);
      return slug;
    }
    let n = count + 1;
    while (this.#seen.has(`${slug}-${n}`)) n++;
    this.#seen.set(slug, n);
    this.#seen.set(`${slug}-${n}`, 0);
    return `${slug}-${n}`;
  }
}
