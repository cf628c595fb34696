export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface EditedText {
  text: string;
  /** For each line of the new text (0-based), the 1-based file line it came from. */
  lineMap: number[];
}

/**
 * Apply non-overlapping edits (offsets into `source`) and keep a line map, so what is found in
 * the edited text can still be reported at its place in the original file. `fileLineOf` maps a
 * 0-based line of `source` to its file line (a plain offset, or the map of an earlier pass).
 */
export function applyEdits(source: string, edits: readonly Edit[], fileLineOf: (line: number) => number): EditedText {
  let text = '';
  const lineMap: number[] = [];
  let cursor = 0;
  const put = (piece: string, from: number, verbatim: boolean): void => {
    const startLine = countLines(source, from);
    piece.split('\n').forEach((_, i) => {
      if (i === 0 && text !== '' && !text.endsWith('\n')) return; // continues the current line
      lineMap.push(fileLineOf(verbatim ? startLine + i : startLine));
    });
    text += piece;
  };
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    put(source.slice(cursor, edit.start), cursor, true);
    put(edit.text, edit.start, false);
    cursor = edit.end;
  }
  put(source.slice(cursor), cursor, true);
  return { text, lineMap };
}

/** 0-based line of an offset. */
export function countLines(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Edits in order (inserts before a replacement at the same place), those inside an earlier one's range left out. */
export function outermost(edits: readonly Edit[]): Edit[] {
  const width = (e: Edit): number => e.end - e.start;
  const sorted = [...edits].sort((a, b) => a.start - b.start || Math.sign(width(a)) - Math.sign(width(b)) || b.end - a.end);
  let reach = -1;
  return sorted.filter((e) => {
    if (e.start < reach) return false;
    reach = Math.max(reach, e.end);
    return true;
  });
}
