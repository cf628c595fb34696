import type { BodyHeading } from './analyze-body.ts';
import type { Edit } from './edit-text.ts';

export interface LevelChange {
  heading: BodyHeading;
  to: number;
}

/**
 * The levels galley's sections gate accepts (design §2: the title is the only `#`, no level is
 * skipped). A body with `#` headings is demoted one level whole, so its outline keeps its shape;
 * a heading that still skips a level is lifted to the next one. Zola renders both as written.
 */
export function headingLevels(headings: readonly BodyHeading[]): LevelChange[] {
  const shift = headings.some((h) => h.depth === 1) ? 1 : 0;
  const changes: LevelChange[] = [];
  let previous = 1;
  for (const heading of headings) {
    const to = Math.min(heading.depth + shift, previous + 1, 6);
    if (to !== heading.depth) changes.push({ heading, to });
    previous = to;
  }
  return changes;
}

/** The text edits of a level change: the `#` run of an ATX heading, or a setext heading made ATX. */
export function levelEdits(body: string, changes: readonly LevelChange[]): Edit[] {
  return changes.flatMap(({ heading, to }): Edit[] => {
    const marks = '#'.repeat(to);
    if (!heading.setext) {
      const run = /^#+/.exec(body.slice(heading.start))![0];
      return [{ start: heading.start, end: heading.start + run.length, text: marks }];
    }
    // `Title\n=====`: the marks go before the text, its lines join, the underline goes.
    const underline = body.lastIndexOf('\n', heading.end - 1);
    const joins = [...body.slice(heading.start, underline).matchAll(/\n/g)].map((m): Edit => ({ start: heading.start + m.index, end: heading.start + m.index + 1, text: ' ' }));
    return [{ start: heading.start, end: heading.start, text: `${marks} ` }, ...joins, { start: underline, end: heading.end, text: '' }];
  });
}
