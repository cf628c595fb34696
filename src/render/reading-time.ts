import type { Element } from 'hast';
import { h } from 'hastscript';
import type { Nodes, Root } from 'mdast';
import { walk } from '../markdown/walk.ts';

// Typical silent reading speed for prose; code is read line by line, about half as fast.
const PROSE_WPM = 220;
const CODE_WPM = 110;

/** Minutes to read an entry's body (front matter already removed), never less than one. */
export function readingMinutes(tree: Root): number {
  let prose = 0;
  let code = 0;
  walk<Nodes>(tree, (node) => {
    if (node.type === 'text') prose += words(node.value);
    else if (node.type === 'code' || node.type === 'inlineCode') code += words(node.value);
  });
  return Math.max(1, Math.round(prose / PROSE_WPM + code / CODE_WPM));
}

/** The metadata table's value: `4 min`, machine-readable as an ISO 8601 duration. */
export function readingTime(minutes: number): Element {
  return h('time', { dateTime: `PT${minutes}M` }, `${minutes} min`);
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
