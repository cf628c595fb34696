import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../report/finding.ts';
import { scanText } from './scan-text.ts';

/**
 * Point findings in rendered pages at what the author wrote: when the same value (same
 * fingerprint) occurs in the page's source file, report the source's file:line:col and keep the
 * output place in the message. The n-th occurrence in a page maps to the n-th in its source;
 * a value the template repeats (title and heading) is reported once per source place. Pages
 * with no source of their own (index, tags, feed) are traced through every source, so a summary
 * repeated on listings is reported once, at the entry. Values only the output holds stay put.
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
  const allSources = [...new Set(sources.values())].sort();
  for (const finding of findings) {
    const own = sources.get(finding.file);
    let source: string | undefined;
    let candidates: Finding[] = [];
    for (const candidate of own ? [own] : allSources) {
      if (!finding.fingerprint) break;
      candidates = (await sourceFindings(candidate)).filter((f) => f.fingerprint === finding.fingerprint);
      source = candidate;
      if (candidates.length > 0) break;
    }
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
