import type { VFile } from 'vfile';
import { compareFindings, type Finding, type Severity } from './finding.ts';

function severityOf(fatal: boolean | null | undefined): Severity {
  return fatal === true ? 'error' : fatal === false ? 'warning' : 'info';
}

/** Flatten the messages of many vfiles into sorted findings; `cwd` makes paths relative. */
export function collectFindings(files: Iterable<VFile>): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    for (const m of file.messages) {
      const start = m.place && 'start' in m.place ? m.place.start : m.place;
      findings.push({
        file: file.path ? file.path : '<input>',
        line: start?.line ?? 0,
        column: start?.column ?? 0,
        ruleId: m.ruleId ?? 'unknown',
        severity: severityOf(m.fatal),
        message: m.reason,
        ...(m.note ? { hint: m.note } : {}),
        ...(m.source ? { source: m.source } : {}),
        ...(m.url ? { url: m.url } : {}),
      });
    }
  }
  return findings.sort(compareFindings);
}
