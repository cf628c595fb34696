import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { didYouMean } from '../report/did-you-mean.ts';
import { emit } from '../report/emit.ts';

/** What a fence's info string asks for besides its language. */
export interface CodeMeta {
  /** A file name shown above the code (` ```yaml title="kustomization.yaml" `). */
  title?: string;
  /** A sentence about the code, shown with the title. */
  caption?: string;
  /** 1-based line numbers to highlight (` {3,5-7} `), sorted, each once. */
  lines: number[];
}

const KEYS = ['title', 'caption'] as const;
type Key = (typeof KEYS)[number];

// `key="a b"`, `key='a b'`, `key=word`, `{1,3-5}`, or any other run of non-space (reported).
const TOKEN = /(\w[\w-]*)=(?:"([^"]*)"|'([^']*)'|([^\s"'{}]+))|\{([^}]*)\}|(\S+)/g;

const SOURCE = 'code';

/**
 * Read the info string after the language: `title`, `caption` and `{ranges}`. Nothing here
 * can fail a build: an unknown key or a bad range is a warning and is otherwise ignored.
 */
export function parseCodeMeta(meta: string, lineCount: number, file: VFile, place: Position | undefined): CodeMeta {
  const result: CodeMeta = { lines: [] };
  const lines = new Set<number>();
  for (const m of meta.matchAll(TOKEN)) {
    const [token, key, dq, sq, bare, ranges, other] = m;
    if (key !== undefined) {
      if ((KEYS as readonly string[]).includes(key)) result[key as Key] = dq ?? sq ?? bare ?? '';
      else unknownKey(file, key, place);
    } else if (ranges !== undefined) {
      for (const line of parseRanges(ranges, lineCount, file, place)) lines.add(line);
    } else if (other !== undefined) {
      emit(file, `Unexpected \`${token}\` in the code block's info string, expected \`key="value"\` or \`{line ranges}\``, {
        place,
        ruleId: 'code-meta-invalid',
        source: SOURCE,
        severity: 'warning',
        hint: 'Write options after the language: ```yaml title="kustomization.yaml" {3,5-7}```.',
      });
    }
  }
  result.lines = [...lines].sort((a, b) => a - b);
  return result;
}

function unknownKey(file: VFile, key: string, place: Position | undefined): void {
  const near = didYouMean(key, KEYS);
  emit(file, `Unexpected code block option \`${key}\`, expected one of ${KEYS.map((k) => `\`${k}\``).join(', ')}`, {
    place,
    ruleId: 'code-meta-unknown',
    source: SOURCE,
    severity: 'warning',
    hint: near ? `Did you mean \`${near}\`?` : 'Remove it, or use `title="file.ext"` / `caption="..."`.',
  });
}

/** `3,5-7` → 3, 5, 6, 7; a part that is not a line of the block is reported and skipped. */
function parseRanges(text: string, lineCount: number, file: VFile, place: Position | undefined): number[] {
  const lines: number[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    const from = m ? Number(m[1]) : NaN;
    const to = m?.[2] !== undefined ? Number(m[2]) : from;
    if (!m || from < 1 || to < from) {
      emit(file, `Unexpected line range \`${part}\`, expected a line number or \`from-to\` (from ≤ to)`, {
        place,
        ruleId: 'code-meta-invalid',
        source: SOURCE,
        severity: 'warning',
        hint: 'Lines count from 1: `{3}`, `{3,5-7}`.',
      });
      continue;
    }
    if (to > lineCount) {
      emit(file, `Unexpected line range \`${part}\` past the end, expected lines 1-${lineCount} of this block`, {
        place,
        ruleId: 'code-line-out-of-range',
        source: SOURCE,
        severity: 'warning',
        hint: 'Count the lines of the block again; the range may predate an edit.',
      });
    }
    for (let line = from; line <= Math.min(to, lineCount); line++) lines.push(line);
  }
  return lines;
}
