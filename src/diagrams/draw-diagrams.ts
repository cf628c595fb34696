import { codeFingerprint } from '../cache/code-fingerprint.ts';
import { sha256 } from '../output/manifest.ts';
import { cleanSvg } from './clean-svg.ts';
import { diagramKey, type DiagramLanguage, type Diagrams, type DiagramSource, type DrawnDiagram } from './diagram-key.ts';
import { drawDot, type DrawResult } from './render-dot.ts';

/** Where drawn diagrams are kept between builds (the build cache's records). */
export interface DiagramStore {
  get(key: string): DrawnDiagram | undefined;
  set(key: string, value: DrawnDiagram): void;
}

const DRAW: Record<DiagramLanguage, (source: string) => Promise<DrawResult>> = { dot: drawDot };

/**
 * Every distinct diagram of `found` drawn, before the pages render (the renderers are
 * asynchronous, the Markdown pipeline is not): taken from `store` by content hash when an
 * earlier build drew it, so a warm build draws nothing; a renderer is loaded only when a
 * diagram of its language must be drawn.
 */
export async function drawDiagrams(found: DiagramSource[], store?: DiagramStore): Promise<{ diagrams: Diagrams; drawn: number }> {
  const diagrams: Diagrams = {};
  let drawn = 0;
  for (const diagram of found) {
    const key = diagramKey(diagram);
    if (key in diagrams) continue;
    const storeKey = sha256(`${codeFingerprint()}\0${key}`);
    let result = store?.get(storeKey);
    if (!result) {
      result = await drawOne(diagram, key);
      drawn++;
      store?.set(storeKey, result);
    }
    diagrams[key] = result;
  }
  return { diagrams, drawn };
}

/** One diagram drawn and cleaned; its ids prefixed with its key, so the same text gives the same bytes. */
export async function drawOne(diagram: DiagramSource, key = diagramKey(diagram)): Promise<DrawnDiagram> {
  const result = await DRAW[diagram.language](diagram.source);
  return 'svg' in result ? { svg: cleanSvg(result.svg, `d${key.slice(0, 8)}`) } : result;
}
