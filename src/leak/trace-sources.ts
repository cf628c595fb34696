import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../report/finding.ts';
import { scanText } from './scan-text.ts';

/**
 * Point findings in rendered pages at what the author wrote: when the same value (same
 * fingerprint) occurs in the page's source file, report the source's file:line:col and keep the
 * output place in the message. The n-th occurrence in a page maps to the n-th in its source;
 * a value the template repeats (title and heading) is reported once per source place. Findings
 * without a source, or whose value only the output holds, stay where they are.
 */
export async function traceToSources(findings: Finding[], sources: ReadonlyMap<string, string>, root: string): Promise<Finding[]> {
  const scanned = new Map<string, Promise<Finding[]>>();
  const sourceFindings = (source: string): Promise<Finding[]> => {
    let pending = scanned.get(source);
    if (!pending) {
      pending = readFile(path.resolve(root, source)).then(
        (bytes) => scanText(source, bytes),
        () => [],
      );
      scanned.set(source, pending);
    }
    return pending;
  };
  const seen = new Map<string, number>();
  const reported = new Set<string>();
  const traced: Finding[] = [];
  for (const finding of findings) {
    const source = sources.get(finding.file);
    const candidates = source && finding.fingerprint ? (await sourceFindings(source)).filter((f) => f.fingerprint === finding.fingerprint) : [];
    if (candidates.length === 0) {
      traced.push(finding);
      continue;
    }
    const nth = seen.get(`${finding.file}\0${finding.fingerprint}`) ?? 0;
    seen.set(`${finding.file}\0${finding.fingerprint}`, nth + 1);
    const match = candidates[Math.min(nth, candidates.length - 1)]!;
    const place = `${source}:${match.line}:${match.column}\0${finding.ruleId}`;
    if (reported.has(place)) continue;
    reported.add(place);
    traced.push({
      ...finding,
      file: source!,
      line: match.line,
      column: match.column,
      message: `${finding.message} (in the output at ${finding.file}:${finding.line}:${finding.column})`,
    });
  }
  return traced;
}
