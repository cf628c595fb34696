import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { emit } from '../report/emit.ts';

/** What `galley new` writes where the author still has to: `TODO: ...`. */
const PLACEHOLDER = /^\s*TODO\b/;

/** The header values a scaffold may leave as `TODO` (an entry's or a page's). */
interface ScaffoldedHeader {
  title: string;
  subtitle?: string | undefined;
  summary?: string | undefined;
  description?: string | undefined;
  verification?: { claim: string; method: string }[] | undefined;
}

/** A scaffold's `TODO` parts are findings, so an unwritten entry or page can never be published. */
export function checkPlaceholders(tree: Root, data: ScaffoldedHeader | undefined, place: (path: PropertyKey[]) => Point, file: VFile): void {
  for (const node of tree.children) {
    if ((node.type === 'paragraph' || node.type === 'list') && PLACEHOLDER.test(toString(node))) {
      emit(file, 'Unexpected placeholder `TODO` in the text, expected the written paragraph', {
        place: node,
        ruleId: 'section-placeholder',
        source: 'sections',
        hint: 'Replace the TODO with what the scaffold asks for.',
      });
    }
  }
  if (!data) return;
  const values: [PropertyKey[], unknown][] = [
    [['title'], data.title],
    [['subtitle'], data.subtitle],
    [['summary'], data.summary],
    [['description'], data.description],
    ...(data.verification ?? []).flatMap((v, i): [PropertyKey[], unknown][] => [
      [['verification', i, 'claim'], v.claim],
      [['verification', i, 'method'], v.method],
    ]),
  ];
  for (const [path, value] of values) {
    if (typeof value === 'string' && PLACEHOLDER.test(value)) {
      emit(file, `Unexpected placeholder \`TODO\` in \`${path.join('.')}\`, expected the written value`, {
        place: place(path),
        ruleId: 'frontmatter-placeholder',
        source: 'frontmatter',
        hint: 'Replace the TODO with what the scaffold asks for.',
      });
    }
  }
}
