import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../report/finding.ts';
import { scanText } from './scan-text.ts';

/**
 * Point findings in rendered pages at what the author wrote: when the same value (same
 * fingerprint) occurs in the page's source file, report the source's file:line:col and keep the
 * output place in the message. Findings without a source, or whose value the template or a
 * decoding produced, stay where they are.
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
  return Promise.all(
    findings.map(async (finding) => {
      const source = sources.get(finding.file);
      if (!source || !finding.fingerprint) return finding;
      const match = (await sourceFindings(source)).find((f) => f.fingerprint === finding.fingerprint);
      if (!match) return finding;
      return {
        ...finding,
        file: source,
        line: match.line,
        column: match.column,
        message: `${finding.message} (in the output at ${finding.file}:${finding.line}:${finding.column})`,
      };
    }),
  );
}
