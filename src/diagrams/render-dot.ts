import type { Viz } from '@viz-js/viz';

/** A diagram drawn, or the renderer's complaint with the diagram's line it names (1-based). */
export type DrawResult = { svg: string } | { error: DrawError };

export interface DrawError {
  message: string;
  line: number | undefined;
  /** Set when the diagram could not be drawn for want of its renderer, not for its text. */
  ruleId?: 'diagram-renderer-missing';
}

let viz: Promise<Viz> | undefined;

/** Graphviz compiled to WebAssembly, loaded once per process on first use (about 0.1 s). */
function loadViz(): Promise<Viz> {
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  return viz;
}

/** The Graphviz version, for cache keys and the README's figures. */
export async function graphvizVersion(): Promise<string> {
  return (await loadViz()).graphvizVersion;
}

/** A DOT source drawn as SVG by Graphviz's `dot` layout; a syntax error comes back, never thrown. */
export async function drawDot(source: string): Promise<DrawResult> {
  const result = (await loadViz()).render(source, { format: 'svg', engine: 'dot' });
  if (result.status === 'success') return { svg: result.output };
  const error = result.errors.find((e) => e.level === 'error') ?? result.errors[0];
  const message = error?.message.trim() ?? 'Graphviz could not draw the diagram';
  const line = /\bline (\d+)/.exec(message)?.[1];
  return { error: { message, line: line === undefined ? undefined : Number(line) } };
}
