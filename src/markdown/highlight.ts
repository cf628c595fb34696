import type { ElementContent } from 'hast';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import nginx from 'highlight.js/lib/languages/nginx';
import nix from 'highlight.js/lib/languages/nix';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { createLowlight } from 'lowlight';

// highlight.js through lowlight (HAST out, `hljs-*` classes): on the generated corpus it took
// highlighting from ~15 % of a cold build's CPU (starry-night's TextMate grammars on a WASM
// regex engine, loaded in every worker) to ~1 % (bench/highlight.bench.ts). A grammar compiles
// on its first use, so a build pays only for the languages its entries show.
const FENCE_GRAMMARS = { bash, css, diff, dockerfile, go, ini, javascript, json, nginx, nix, python, rust, shell, typescript, yaml };
type Grammar = keyof typeof FENCE_GRAMMARS;

/** The names a fence may use for each grammar (`shell` is a terminal session: prompts and output). */
const NAMES: Record<Grammar, string[]> = {
  bash: ['bash', 'sh', 'shell', 'shell-script', 'zsh', 'tcsh', 'envrc', 'abuild', 'alpine-abuild', 'apkbuild', 'gentoo-ebuild', 'gentoo-eclass', 'openrc', 'openrc-runscript'],
  css: ['css'],
  diff: ['diff', 'udiff'],
  dockerfile: ['dockerfile', 'containerfile', 'docker'],
  go: ['go', 'golang'],
  ini: ['ini', 'conf', 'dosini', 'toml', 'altium', 'altium-designer'],
  javascript: ['javascript', 'js', 'node', 'json5', 'jsonld', 'cycript', 'javascript+erb', 'qt-script'],
  json: ['json', 'jsonc', 'jsonl', 'geojson', 'topojson', 'sarif', 'oasv2-json', 'oasv3-json', 'ipython-notebook', 'jupyter-notebook', 'ecere-projects', 'max', 'max/msp', 'maxmsp'],
  nginx: ['nginx', 'nginx-configuration-file'],
  nix: ['nix', 'nixos'],
  python: ['python', 'py', 'py3', 'python3', 'bazel', 'bzl', 'starlark', 'easybuild', 'rusthon', 'sage', 'snakefile', 'snakemake', 'xonsh'],
  rust: ['rust', 'rs'],
  shell: ['console', 'terminal', 'shellsession', 'bash-session'],
  // highlight.js's TypeScript grammar reads JSX too.
  typescript: ['typescript', 'ts', 'tsx', 'typescriptreact'],
  yaml: ['yaml', 'yml', 'buildstream', 'jar-manifest', 'kaitai-struct', 'ksy', 'lookml', 'oasv2-yaml', 'oasv3-yaml', 'raml', 'unity3d-asset'],
};

const GRAMMAR_OF = new Map(Object.entries(NAMES).flatMap(([grammar, names]) => names.map((n) => [n, grammar as Grammar])));

/** Languages that mean "no highlighting, on purpose": no warning for these. */
export const PLAIN_LANGUAGES = new Set(['text', 'txt', 'plain', 'plaintext', 'none', 'output']);

// One instance per thread. Registering is cheap; each grammar is compiled on its first use.
// `xml` only as JSX inside JavaScript and TypeScript.
const lowlight = createLowlight({ ...FENCE_GRAMMARS, xml });

/** The grammar for a fence's language (`yml`, `sh`, `ts`, `Dockerfile`...), if any. */
export function grammarFor(language: string): string | undefined {
  return GRAMMAR_OF.get(language.toLowerCase());
}

/** Every language name that `grammarFor` knows, for did-you-mean hints. */
export function knownLanguages(): string[] {
  return [...GRAMMAR_OF.keys(), ...PLAIN_LANGUAGES];
}

// Code blocks repeat (the same config shown in several entries, the same snippet in a series):
// keyed by grammar and content, a repeat costs a clone instead of a tokenizer pass. Bounded, the
// least recently used out first: in a corpus of all-different blocks, a cache of every one held
// tens of MB per worker for no hit.
const CACHE_SIZE = 256;
const cache = new Map<string, ElementContent[]>();

/** `code` as HAST spans with `hljs-*` classes; a fresh copy the caller may change. */
export function highlightText(code: string, grammar: string): ElementContent[] {
  const key = `${grammar}\0${code}`;
  let children = cache.get(key);
  if (children) cache.delete(key);
  else children = lowlight.highlight(grammar, code).children as ElementContent[];
  cache.set(key, children);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return structuredClone(children);
}
