import type { Element } from 'hast';
import { sha256 } from '../output/manifest.ts';
import type { DrawError } from './render-dot.ts';

/** The fenced-block languages drawn at build time instead of shown as code. */
export const DIAGRAM_LANGUAGES = ['dot', 'mermaid'] as const;
export type DiagramLanguage = (typeof DIAGRAM_LANGUAGES)[number];

export interface DiagramSource {
  language: DiagramLanguage;
  /** The block's text, without the newline that ends it. */
  source: string;
}

/** A diagram drawn as a clean `<svg>`, or the renderer's complaint and the block's line it names. */
export type DrawnDiagram = { svg: Element } | { error: DrawError };

/** Drawn diagrams by `diagramKey`; plain data, so it crosses to the entry workers. */
export type Diagrams = Record<string, DrawnDiagram>;

/** Same language and text, same key: a diagram is drawn once however many pages show it. */
export function diagramKey({ language, source }: DiagramSource): string {
  return sha256(`${language}\0${source}`);
}

export function isDiagramLanguage(language: string | undefined): language is DiagramLanguage {
  return (DIAGRAM_LANGUAGES as readonly (string | undefined)[]).includes(language);
}
