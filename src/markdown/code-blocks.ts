import type { Element, ElementContent, Nodes, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { diagramFigure } from '../diagrams/diagram-figure.ts';
import { diagramKey, isDiagramLanguage, type DiagramLanguage, type Diagrams } from '../diagrams/diagram-key.ts';
import type { DrawError } from '../diagrams/render-dot.ts';
import { didYouMean, editDistance } from '../report/did-you-mean.ts';
import { timed } from '../pipeline/phase-times.ts';
import { emit } from '../report/emit.ts';
import { parseCodeMeta, type CodeMeta } from './code-meta.ts';
import { splitLines } from './split-lines.ts';
import { grammarFor, highlightText, knownLanguages, PLAIN_LANGUAGES } from './highlight.ts';
import { SKIP, walk } from './walk.ts';

export interface CodeBlockOptions {
  /** Highlight at build time (`markdown.highlightCode`); false leaves plain code. */
  highlight: boolean;
  /** The diagrams drawn before rendering (diagrams/draw-diagrams.ts); a block not among them is shown as code. */
  diagrams?: Diagrams | undefined;
}

/** Elements mdast-util-to-hast fills with inline content only. */
const INLINE_ONLY = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table']);

/**
 * Every fenced block (`pre > code`, as mdast-util-to-hast makes it) becomes a `.code-block`:
 * highlighted with classes (never inline styles: the CSP allows none), its title and caption
 * in a `figcaption`, marked lines in `<mark class="line">`. The copy button is not here: the
 * site's `copy-code.js` adds it, so the page works without scripts.
 */
export function renderCodeBlocks(tree: Root, file: VFile, options: CodeBlockOptions): void {
  walk<Nodes>(tree, (node, index, parent) => {
    if (node.type !== 'element') return;
    // Most of a body is inline content, where no code block can be: not walked (`--cpu-prof`).
    if (INLINE_ONLY.has(node.tagName)) return SKIP;
    if (node.tagName !== 'pre' || !parent || index === undefined) return;
    const code = codeOf(node);
    if (!code) return;
    parent.children[index] = codeBlock(code, node.position, file, options);
    return SKIP;
  });
}

const codeOf = (pre: Element) => pre.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
const countLines = (text: string) => (text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length);

/**
 * A fenced block (`pre`) drawn as its diagram's figure, for renderers that do not highlight
 * (the docs book); undefined when it is no diagram or was not drawn (a syntax error is reported).
 */
export function diagramBlock(pre: Element, file: VFile, diagrams: Diagrams | undefined): Element | undefined {
  const code = codeOf(pre);
  if (!code) return undefined;
  const { language, meta } = languageAndMeta(code);
  if (!isDiagramLanguage(language)) return undefined;
  const text = toString(code);
  return diagram(language, text, parseCodeMeta(meta, countLines(text), file, pre.position), pre.position, file, diagrams);
}

function codeBlock(code: Element, place: Position | undefined, file: VFile, options: CodeBlockOptions): Element {
  const { language, meta } = languageAndMeta(code);
  const text = toString(code);
  const info = parseCodeMeta(meta, countLines(text), file, place);
  if (isDiagramLanguage(language)) {
    const figure = diagram(language, text, info, place, file, options.diagrams);
    if (figure) return figure;
  }
  const grammar = language && !isDiagramLanguage(language) ? resolveGrammar(language, file, place) : undefined;
  const tokens: ElementContent[] = grammar && options.highlight ? timed('highlight', () => highlightText(text, grammar)) : [{ type: 'text', value: text }];
  const properties = language ? { className: [`language-${language}`] } : {};
  const pre = h('pre', { tabIndex: 0 }, [h('code', properties, markLines(tokens, info.lines))]);
  const caption = figcaption(info);
  return caption ? h('figure.code-block', [caption, pre]) : h('div.code-block', [pre]);
}

const RENDERER: Record<DiagramLanguage, { name: string; reference: string }> = {
  dot: { name: 'Graphviz', reference: 'https://graphviz.org/doc/info/lang.html' },
  mermaid: { name: 'Mermaid', reference: 'https://mermaid.js.org/intro/syntax-reference.html' },
};

function reportDiagramError(language: DiagramLanguage, error: DrawError, place: Position | undefined, file: VFile): void {
  if (error.ruleId === 'diagram-renderer-missing') {
    emit(file, `Unexpected ${language} diagram without its renderer, expected Chromium to draw it: ${error.message}`, {
      place,
      ruleId: error.ruleId,
      source: 'diagram',
      hint: 'Mermaid draws in a browser: install Chromium (Debian: `apt-get install chromium`) or name one with GALLEY_CHROMIUM; nothing is written until the diagram draws.',
    });
    return;
  }
  // The renderer counts the block's lines; the block's first line is the one after the fence.
  const at = place && error.line !== undefined ? { line: place.start.line + error.line, column: place.start.column } : place;
  const near = /near '([^']*)'/.exec(error.message)?.[1];
  emit(file, `Unexpected ${near ? `\`${near}\`` : 'syntax'} in the ${language} diagram, expected a diagram ${RENDERER[language].name} can draw`, {
    place: at,
    ruleId: 'diagram-syntax',
    source: 'diagram',
    hint: `${RENDERER[language].name} says: ${error.message}. The language: ${RENDERER[language].reference}`,
  });
}

/** A drawn diagram's figure, or undefined (after reporting a syntax error at its line) to show it as code. */
function diagram(language: DiagramLanguage, text: string, info: CodeMeta, place: Position | undefined, file: VFile, diagrams: Diagrams | undefined): Element | undefined {
  const source = text.endsWith('\n') ? text.slice(0, -1) : text;
  const drawn = diagrams?.[diagramKey({ language, source })];
  if (!drawn) return undefined;
  if ('error' in drawn) {
    reportDiagramError(language, drawn.error, place, file);
    return undefined;
  }
  const caption = figcaption(info)?.children;
  const label = info.title ?? info.caption ?? `A ${RENDERER[language].name} diagram; its source follows.`;
  return diagramFigure({ svg: drawn.svg, language, source, label, caption });
}

/** ` ```yaml{3} ` puts the ranges in the language word; take them back out. */
function languageAndMeta(code: Element): { language: string | undefined; meta: string } {
  const classes = Array.isArray(code.properties.className) ? code.properties.className.map(String) : [];
  const word = classes.find((c) => c.startsWith('language-'))?.slice('language-'.length);
  const meta = typeof code.data?.meta === 'string' ? code.data.meta : '';
  if (!word) return { language: undefined, meta };
  const brace = word.indexOf('{');
  if (brace < 0) return { language: word, meta };
  return { language: word.slice(0, brace) || undefined, meta: `${word.slice(brace)} ${meta}` };
}

function resolveGrammar(language: string, file: VFile, place: Position | undefined): string | undefined {
  if (PLAIN_LANGUAGES.has(language.toLowerCase())) return undefined;
  const grammar = grammarFor(language);
  if (grammar) return grammar;
  // Language names are short: two edits turn `hcl` into `bzl`, which helps nobody.
  const candidate = didYouMean(language, knownLanguages());
  const near = candidate && editDistance(candidate.toLowerCase(), language.toLowerCase()) <= Math.max(1, Math.floor(language.length / 4)) ? candidate : undefined;
  emit(file, `Unexpected unknown code language \`${language}\`, expected a language galley highlights`, {
    place,
    ruleId: 'code-language-unknown',
    source: 'code',
    severity: 'warning',
    hint: near
      ? `Did you mean \`${near}\`? The block is shown as plain code.`
      : 'The block is shown as plain code; use `text` to say so, or one of yaml, nix, sh, toml, json, ts, js, diff, dockerfile, nginx, ini, go, rust, python.',
  });
  return undefined;
}

/** Wrap the requested lines in `<mark class="line">`; the newlines stay between them. */
function markLines(tokens: ElementContent[], marked: number[]): ElementContent[] {
  if (marked.length === 0) return tokens;
  const want = new Set(marked);
  const lines = splitLines(tokens);
  // The code ends with a newline, so the last piece is the empty rest after it.
  if (lines.length > 1 && lines.at(-1)!.length === 0) lines.pop();
  return lines.flatMap((line, i): ElementContent[] => [...(want.has(i + 1) ? [h('mark.line', line)] : line), { type: 'text', value: '\n' }]);
}

function figcaption(info: CodeMeta): Element | undefined {
  if (info.title === undefined && info.caption === undefined) return undefined;
  const parts: ElementContent[] = [];
  if (info.title !== undefined) parts.push(h('code.code-title', info.title));
  if (info.caption !== undefined) parts.push(h('span.code-caption', info.caption));
  return h('figcaption', parts);
}
