import type { Heading, Root, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type {} from 'mdast-util-to-hast';
import type { VFile } from 'vfile';
import { emit } from '../report/emit.ts';
import { SlugCounter, slugify } from './slugify.ts';

export interface HeadingInfo {
  node: Heading;
  depth: number;
  id: string;
  /** The heading's text without the `{#id}` suffix or the section number. */
  text: string;
}

const EXPLICIT_ID = /\s*\{#([^\s{}]+)\}\s*$/;

/**
 * Give every heading its id the Zola way (an explicit `{#id}` suffix, else the slug of its
 * text; repeated slugs get `-1`, `-2`), set it as the element's `id`, and number the `##`
 * sections in their own text (`1. `). An explicit id used twice is an error.
 */
export function assignHeadingIds(tree: Root, file: VFile, options: { numberSections?: boolean } = {}): HeadingInfo[] {
  const numberSections = options.numberSections ?? true;
  const counter = new SlugCounter();
  const headings: HeadingInfo[] = [];
  let number = 0;
  for (const node of tree.children) {
    if (node.type !== 'heading') continue;
    const explicit = takeExplicitId(node);
    const text = toString(node).trim();
    let id: string;
    if (explicit) {
      id = explicit;
      if (counter.unique(explicit) !== explicit) {
        emit(file, `Unexpected duplicate heading id \`${explicit}\`, expected ids unique in the entry`, {
          place: node,
          ruleId: 'section-duplicate-id',
          source: 'sections',
          hint: 'Give one of the headings a different `{#id}`.',
        });
      }
    } else {
      id = counter.unique(slugify(text) || 'section');
    }
    node.data = { ...node.data, hProperties: { ...node.data?.hProperties, id } };
    // The docs book numbers chapters in its sidebar, not the sections of a page.
    if (node.depth === 2 && numberSections) {
      number += 1;
      node.children.unshift({ type: 'text', value: `${number}. ` });
    }
    headings.push({ node, depth: node.depth, id, text });
  }
  return headings;
}

function takeExplicitId(node: Heading): string | undefined {
  const last = node.children.at(-1);
  if (!last || last.type !== 'text') return undefined;
  const match = EXPLICIT_ID.exec((last as Text).value);
  if (!match) return undefined;
  (last as Text).value = (last as Text).value.slice(0, match.index);
  if ((last as Text).value === '') node.children.pop();
  return match[1];
}
