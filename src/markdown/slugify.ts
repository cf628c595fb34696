import anyAscii from 'any-ascii';

/**
 * Zola's slug rule (the `slug` crate): transliterate to ASCII, lowercase, every run of other
 * characters becomes one `-`, trim `-`. "The skeptic's view" → `the-skeptic-s-view`.
 */
export function slugify(text: string): string {
  const ascii = anyAscii(text).toLowerCase();
  let out = '';
  let dash = false;
  for (const ch of ascii) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      out += ch;
      dash = false;
    } else if (!dash && out.length > 0) {
      out += '-';
      dash = true;
    }
  }
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
