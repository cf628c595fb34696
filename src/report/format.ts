import { count } from './count.ts';
import type { Finding } from './finding.ts';

export type ReportFormat = 'text' | 'json';

/** `path:line:col  severity  message  rule-id`, the vfile-reporter shape, hint indented below. */
export function formatText(findings: readonly Finding[]): string {
  const lines: string[] = [];
  for (const f of findings) {
    const where = `${f.file}:${f.line}:${f.column}`;
    const severity = f.suppressed ? `${f.severity} (suppressed)` : f.severity;
    lines.push(`${where}  ${severity}  ${f.message}  ${f.ruleId}`);
    if (f.hint) lines.push(`  hint: ${f.hint}`);
  }
  const errors = findings.filter((f) => f.severity === 'error' && !f.suppressed).length;
  const warnings = findings.filter((f) => f.severity === 'warning' && !f.suppressed).length;
  if (findings.length > 0) lines.push('', `${count(errors, 'error')}, ${count(warnings, 'warning')}`);
  return lines.join('\n');
}

export function formatJson(findings: readonly Finding[]): string {
  return JSON.stringify(findings, null, 2);
}

export function formatFindings(findings: readonly Finding[], format: ReportFormat): string {
  return format === 'json' ? formatJson(findings) : formatText(findings);
}
