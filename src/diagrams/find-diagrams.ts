import type { Code, Nodes } from 'mdast';
import { VFile } from 'vfile';
import { parseMarkdown } from '../markdown/parse-markdown.ts';
import { walk } from '../markdown/walk.ts';
import { DIAGRAM_LANGUAGES, isDiagramLanguage, type DiagramSource } from './diagram-key.ts';

// A fence opening a diagram, anywhere (in a list, a quote): most sources have none and are not parsed.
const MAY_HOLD = new RegExp(`(\`{3,}|~{3,})[ \\t]*(${DIAGRAM_LANGUAGES.join('|')})\\b`);

/** The diagram blocks of a Markdown source, as the renderer of its code blocks will see them. */
export function findDiagrams(source: string, text: string): DiagramSource[] {
  if (!MAY_HOLD.test(text)) return [];
  const found: DiagramSource[] = [];
  walk<Nodes>(parseMarkdown(new VFile({ path: source, value: text })), (node) => {
    if (node.type !== 'code') return;
    const language = (node as Code).lang ?? undefined;
    if (isDiagramLanguage(language)) found.push({ language, source: node.value });
  });
  return found;
}
