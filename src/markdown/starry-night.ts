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

type StarryNight = Awaited<ReturnType<typeof Create>>;
type Grammar = Parameters<typeof Create>[0][number];
let loaded: { starryNight: StarryNight; grammars: Grammar[] } | undefined;

/**
 * Load the grammars and the WASM regex engine, once per thread; highlighting is synchronous
 * after it, like the rest of the per-entry work. Lazy: a build that renders no entry (all from
 * the cache) never pays for it. The package's main entry re-exports every one of its ~600
 * grammars (21 MB of JS, 6.3 s to import here), so the library module is loaded by file URL.
 */
export async function loadHighlighter(): Promise<void> {
  if (loaded) return;
  const libUrl = new URL('./lib/index.js', import.meta.resolve('@wooorm/starry-night'));
  const [{ createStarryNight }, ...modules] = await Promise.all([
    import(libUrl.href) as Promise<{ createStarryNight: typeof Create }>,
    ...GRAMMARS.map((scope) => import(`@wooorm/starry-night/${scope}`) as Promise<{ default: Grammar }>),
  ]);
  const grammars = modules.map((m) => m.default);
  loaded ??= { starryNight: await createStarryNight(grammars), grammars };
}

function highlighter(): NonNullable<typeof loaded> {
  if (!loaded) throw new Error('galley: loadHighlighter() must run before an entry renders');
  return loaded;
}

/** The grammar scope for a fence's language (`yml`, `sh`, `ts`, `Dockerfile`...), if any. */
export function scopeFor(language: string): string | undefined {
  const flag = language.toLowerCase();
  return ALIASES[flag] ?? highlighter().starryNight.flagToScope(flag);
}

/** Every language name that `scopeFor` knows, for did-you-mean hints. */
export function knownLanguages(): string[] {
  return [...new Set([...highlighter().grammars.flatMap((g) => g.names), ...Object.keys(ALIASES), ...PLAIN_LANGUAGES])];
}

// Code blocks repeat (the same config shown in several entries, the same snippet in a series):
// keyed by scope and content, a repeat costs a clone instead of a tokenizer pass.
const cache = new Map<string, ElementContent[]>();

/** `code` as HAST spans with `pl-*` classes; a fresh copy the caller may change. */
export function highlightText(code: string, scope: string): ElementContent[] {
  const key = `${scope}\0${code}`;
  let children = cache.get(key);
  if (!children) {
    children = highlighter().starryNight.highlight(code, scope).children as ElementContent[];
    cache.set(key, children);
  }
  return structuredClone(children);
}
