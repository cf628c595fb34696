import type { EditedText } from './edit-text.ts';

// The written header's keys and the Zola keys they come from (anything else is an `[extra]` field).
const FROM_ZOLA: Record<string, string> = { summary: 'description', tags: 'taxonomies', subtitle: 'extra.subtitle', status: 'extra.status', verification: 'extra.verification' };

/**
 * For each line of a written entry or page (0-based index), the line of the Zola file it came
 * from, so a finding of the build on the written file is reported where the author can fix it:
 * a header line at its Zola key (else line 1), a body line through the edits' line map.
 */
export function sourceLines(written: string, body: EditedText, keyLines: ReadonlyMap<string, number>): number[] {
  const lines = written.split('\n');
  const close = lines.indexOf('---', 1);
  const out: number[] = [];
  let key = '';
  for (let i = 0; i <= close; i++) {
    key = /^([A-Za-z_][\w-]*):/.exec(lines[i]!)?.[1] ?? key;
    out.push(keyLines.get(FROM_ZOLA[key] ?? key) ?? keyLines.get(`extra.${key}`) ?? 1);
  }
  // entrySource keeps one of the body's leading blank lines.
  const lead = /^\n*/.exec(body.text)![0].length;
  const skip = lead > 0 ? lead - 1 : 0;
  for (let i = close + 1; i < lines.length; i++) out.push(body.lineMap[i - close - 1 + skip] ?? body.lineMap.at(-1) ?? 1);
  return out;
}
