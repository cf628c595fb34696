import type { createStarryNight as Create } from '@wooorm/starry-night';
import type { ElementContent } from 'hast';

/** The grammars galley highlights: what a publication about hosts and clusters shows. */
const GRAMMARS = [
  'source.css', 'source.diff', 'source.dockerfile', 'source.go', 'source.ini', 'source.js', 'source.json', 'source.nginx', 'source.nix',
  'source.python', 'source.rust', 'source.shell', 'source.toml', 'source.ts', 'source.tsx', 'source.yaml', 'text.shell-session',
];

/** Names the grammars do not carry themselves. */
const ALIASES: Record<string, string> = { docker: 'source.dockerfile', jsonc: 'source.json', terminal: 'text.shell-session' };

/** Languages that mean "no highlighting, on purpose": no warning for these. */
export const PLAIN_LANGUAGES = new Set(['text', 'txt', 'plain', 'plaintext', 'none', 'output']);

type Grammar = Parameters<typeof Create>[0][number];

// The package's main entry re-exports every one of its ~600 grammars (21 MB of JS, 6.3 s to
// import here), so load the library module itself by file URL and only the grammars above.
// One instance per thread, made once on import (the WASM regex engine loads asynchronously) so
// that highlighting itself is synchronous, like the rest of the per-entry work. Only the entry
// render reaches this module, and it is imported on demand: a build that renders no entry (all
// from the cache) never loads it.
const libUrl = new URL('./lib/index.js', import.meta.resolve('@wooorm/starry-night'));
const [{ createStarryNight }, ...modules] = await Promise.all([
  import(libUrl.href) as Promise<{ createStarryNight: typeof Create }>,
  ...GRAMMARS.map((scope) => import(`@wooorm/starry-night/${scope}`) as Promise<{ default: Grammar }>),
]);
const grammars = modules.map((m) => m.default);
const starryNight = await createStarryNight(grammars);

/** The grammar scope for a fence's language (`yml`, `sh`, `ts`, `Dockerfile`...), if any. */
export function scopeFor(language: string): string | undefined {
  const flag = language.toLowerCase();
  return ALIASES[flag] ?? starryNight.flagToScope(flag);
}

/** Every language name that `scopeFor` knows, for did-you-mean hints. */
export function knownLanguages(): string[] {
  return [...new Set([...grammars.flatMap((g) => g.names), ...Object.keys(ALIASES), ...PLAIN_LANGUAGES])];
}

// Code blocks repeat (the same config shown in several entries, the same snippet in a series):
// keyed by scope and content, a repeat costs a clone instead of a tokenizer pass.
const cache = new Map<string, ElementContent[]>();

/** `code` as HAST spans with `pl-*` classes; a fresh copy the caller may change. */
export function highlightText(code: string, scope: string): ElementContent[] {
  const key = `${scope}\0${code}`;
  let children = cache.get(key);
  if (!children) {
    children = starryNight.highlight(code, scope).children as ElementContent[];
    cache.set(key, children);
  }
  return structuredClone(children);
}
