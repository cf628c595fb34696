import type { Nodes, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { ImportLog } from './import-log.ts';

/** The parts of a body a reader would miss: the import's promise is that none is dropped unreported. */
export const BLOCK_KINDS = ['heading', 'paragraph', 'list', 'table', 'code', 'image'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];
export type BlockCounts = Record<BlockKind, number>;

const parser = unified().use(remarkParse).use(remarkGfm);

/** How many of each kind a Markdown body holds (images anywhere, the others as blocks). */
export function countBlocks(markdown: string): BlockCounts {
  const counts = Object.fromEntries(BLOCK_KINDS.map((k) => [k, 0])) as BlockCounts;
  visit(parser.parse(markdown) as Root, (node: Nodes) => {
    if ((BLOCK_KINDS as readonly string[]).includes(node.type)) counts[node.type as BlockKind]++;
  });
  return counts;
}

/** Report, at the file, each kind of which the imported body holds fewer than the Zola one (less those `reported` already). */
export function compareBlocks(before: string, after: string, at: { file: string; firstLine: number }, log: ImportLog, reported: Partial<BlockCounts> = {}): void {
  const source = countBlocks(before);
  const imported = countBlocks(after);
  for (const kind of BLOCK_KINDS) {
    if (imported[kind] + (reported[kind] ?? 0) >= source[kind]) continue;
    log.needsPerson({ file: at.file, line: at.firstLine }, `${kind}s`, `Unexpected ${source[kind] - imported[kind]} ${kind}(s) fewer in the import (${imported[kind]} of ${source[kind]}), expected every one carried over`, 'import-content-lost', 'Compare the imported file with the Zola one and carry the missing part over by hand.');
  }
}
