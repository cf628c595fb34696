import anyAscii from 'any-ascii';
import unidecode from 'unidecode';

const UNIDECODE_LIMIT = 0x10000; // the unidecode tables cover the Basic Multilingual Plane only
const SILENT = /^[\p{M}\p{Cc}\p{Cf}]$/u; // combining marks and format/control characters
const LETTER = /^\p{L}$/u;

/**
 * One non-ASCII character in ASCII the way Zola's transliteration (`deunicode` 1.6, through the
 * `slug` crate) spells it. deunicode's table grew out of Text::Unidecode's, falls back to
 * any-ascii's, and spells emoji by name; we read them in the same order. Each CJK ideograph is
 * its own word ("日本" → "Ri Ben ", so the slug is `ri-ben`, not any-ascii's `riben`).
 * Measured against deunicode 1.6.2 over every code point: 98.8% of BMP letters and digits give
 * the same slug; what differs are rare scripts and symbols (see test/markdown/slugify.test.ts).
 * A character with no spelling becomes a separator, as `slug` does for deunicode's `None`.
 */
export function transliterateChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const fromTable = cp < UNIDECODE_LIMIT ? unidecode(ch) : '';
  if (fromTable !== '' && fromTable !== '[?]') return fromTable;
  const fallback = anyAscii(ch);
  // any-ascii writes emoji as `:name:`; deunicode as `name ` (a word, not glued to its left).
  if (fallback !== '') return fallback.replace(/^:(.*):$/, '$1 ');
  if (SILENT.test(ch)) return '';
  // unidecode's empty spelling of a letter is deliberate (Arabic alef, the kana long-vowel mark).
  if (fromTable === '' && cp < UNIDECODE_LIMIT && LETTER.test(ch)) return '';
  return '-';
}
