import type { createStarryNight as Create } from '@wooorm/starry-night';
import sourceCss from '@wooorm/starry-night/source.css';
import sourceDiff from '@wooorm/starry-night/source.diff';
import sourceDockerfile from '@wooorm/starry-night/source.dockerfile';
import sourceGo from '@wooorm/starry-night/source.go';
import sourceIni from '@wooorm/starry-night/source.ini';
import sourceJs from '@wooorm/starry-night/source.js';
import sourceJson from '@wooorm/starry-night/source.json';
import sourceNginx from '@wooorm/starry-night/source.nginx';
import sourceNix from '@wooorm/starry-night/source.nix';
import sourcePython from '@wooorm/starry-night/source.python';
import sourceRust from '@wooorm/starry-night/source.rust';
import sourceShell from '@wooorm/starry-night/source.shell';
import sourceToml from '@wooorm/starry-night/source.toml';
import sourceTs from '@wooorm/starry-night/source.ts';
import sourceTsx from '@wooorm/starry-night/source.tsx';
import sourceYaml from '@wooorm/starry-night/source.yaml';
import textShellSession from '@wooorm/starry-night/text.shell-session';
import type { ElementContent } from 'hast';

/** The grammars galley highlights: what a publication about hosts and clusters shows. */
const GRAMMARS = [
  sourceCss, sourceDiff, sourceDockerfile, sourceGo, sourceIni, sourceJs, sourceJson, sourceNginx, sourceNix,
  sourcePython, sourceRust, sourceShell, sourceToml, sourceTs, sourceTsx, sourceYaml, textShellSession,
];

/** Names the grammars do not carry themselves. */
const ALIASES: Record<string, string> = { docker: 'source.dockerfile', jsonc: 'source.json', terminal: 'text.shell-session' };

/** Languages that mean "no highlighting, on purpose": no warning for these. */
export const PLAIN_LANGUAGES = new Set(['text', 'txt', 'plain', 'plaintext', 'none', 'output']);

// The package's main entry re-exports every one of its ~600 grammars (21 MB of JS, 6.3 s to
// import here), so load the library module itself by file URL and only the grammars above.
const libUrl = new URL('./lib/index.js', import.meta.resolve('@wooorm/starry-night'));
const { createStarryNight } = (await import(libUrl.href)) as { createStarryNight: typeof Create };
// One instance per thread, made once on import (the WASM regex engine loads asynchronously) so
// that highlighting itself is synchronous, like the rest of the per-entry work.
const starryNight = await createStarryNight(GRAMMARS);

/** The grammar scope for a fence's language (`yml`, `sh`, `ts`, `Dockerfile`...), if any. */
export function scopeFor(language: string): string | undefined {
  const flag = language.toLowerCase();
  return ALIASES[flag] ?? starryNight.flagToScope(flag);
}

/** Every language name that `scopeFor` knows, for did-you-mean hints. */
export function knownLanguages(): string[] {
  return [...new Set([...GRAMMARS.flatMap((g) => g.names), ...Object.keys(ALIASES), ...PLAIN_LANGUAGES])];
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
