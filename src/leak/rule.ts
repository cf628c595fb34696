/** One thing a rule found, in the coordinates of the text it scanned. Never printed as is. */
export interface Hit {
  start: number;
  end: number;
  /** The canonical value the fingerprint hashes (never printed, logged or thrown). */
  normalized: string;
  /** A masked preview that is safe to print, like `10.x.x.x`. */
  preview: string;
  /** What was found, for `Unexpected <what>`: `private IPv4 address (RFC 1918)`. */
  what: string;
}

/** What a rule's check returns for a match; start/end default to the whole match. */
export type Verdict = Omit<Hit, 'start' | 'end'> & { start?: number; end?: number };

/** One rule of one family: a cheap anchor, a pattern, and a check that validates each match. */
export interface Rule {
  /** `leak-<rule>`, kebab-case. */
  id: string;
  /** One line for `--help`, SARIF and the README. */
  title: string;
  hint: string;
  /**
   * Something every match contains (case-sensitive, no capture groups). All anchors are searched
   * in one pass per view and a rule's pattern runs only when its anchor occurs: most pages hold
   * none. Anchors start with a character that is rare in prose (`_eyJ`, not `ops_eyJ`), which
   * keeps that pass fast (bench/leak.bench.ts).
   */
  anchor?: RegExp;
  /** A global regex; every match is handed to `check`. */
  pattern: RegExp;
  check(match: RegExpExecArray, text: string): Verdict | undefined;
}

/** `prefix…(N chars)`: the preview shape of every token-like value. */
export function maskTail(prefix: string, value: string): string {
  return `${prefix}…(${value.length} chars)`;
}

/** The suppression hint every rule ends with: the only way to keep a value is by fingerprint. */
export const ALLOW_HINT = 'if it is meant to be public, add its fingerprint to `leak.allow` in site.config.ts with a reason';
