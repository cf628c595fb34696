import { codeFingerprint } from '../cache/code-fingerprint.ts';
import { sha256 } from '../output/manifest.ts';
import { cleanSvg } from './clean-svg.ts';
import { diagramKey, type DiagramLanguage, type Diagrams, type DiagramSource, type DrawnDiagram } from './diagram-key.ts';
import { drawDot, type DrawResult } from './render-dot.ts';
import { drawMermaid } from './render-mermaid.ts';

/** Where drawn diagrams are kept between builds (the build cache's records). */
export interface DiagramStore {
  get(key: string): DrawnDiagram | undefined;
  set(key: string, value: DrawnDiagram): void;
}

/** Each language's renderer, given every source of the build that must be drawn at once. */
const DRAW: Record<DiagramLanguage, (sources: string[]) => Promise<DrawResult[]>> = {
  dot: (sources) => Promise.all(sources.map(drawDot)),
  mermaid: (sources) => drawMermaid(sources),
};

/**
 * Every distinct diagram of `found` drawn, before the pages render (the renderers are
 * asynchronous, the Markdown pipeline is not): taken from `store` by content hash when an
 * earlier build drew it, so a warm build draws nothing; a renderer is loaded (Chromium
 * started, for Mermaid) only when a diagram of its language must be drawn.
 */
export async function drawDiagrams(found: DiagramSource[], store?: DiagramStore): Promise<{ diagrams: Diagrams; drawn: number }> {
  const diagrams: Diagrams = {};
  const todo = new Map<DiagramLanguage, { key: string; storeKey: string; diagram: DiagramSource }[]>();
  for (const diagram of found) {
    const key = diagramKey(diagram);
    if (key in diagrams || [...todo.values()].some((list) => list.some((t) => t.key === key))) continue;
    const storeKey = sha256(`${codeFingerprint()}\0${key}`);
    const kept = store?.get(storeKey);
    if (kept) diagrams[key] = kept;
    else todo.set(diagram.language, [...(todo.get(diagram.language) ?? []), { key, storeKey, diagram }]);
  }
  let drawn = 0;
  for (const [language, list] of todo) {
    const results = await DRAW[language](list.map((t) => t.diagram.source));
    list.forEach(({ key, storeKey }, i) => {
      const result = results[i]!;
      const clean: DrawnDiagram = 'svg' in result ? { svg: cleanSvg(result.svg, `d${key.slice(0, 8)}`) } : result;
      diagrams[key] = clean;
      // A missing renderer says nothing about the diagram: the next build tries again.
      if (!('error' in clean && clean.error.ruleId)) store?.set(storeKey, clean);
      drawn++;
    });
  }
  return { diagrams, drawn };
}
