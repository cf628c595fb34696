import { z } from 'zod';

// The one shape every gate reports in: what `--format json` prints, one object per message.
export const severitySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof severitySchema>;

export const findingSchema = z.object({
  file: z.string(),
  line: z.number().int().nonnegative(),
  column: z.number().int().nonnegative(),
  ruleId: z.string(),
  severity: severitySchema,
  message: z.string(),
  hint: z.string().optional(),
  source: z.string().optional(),
  url: z.string().optional(),
  fingerprint: z.string().optional(),
  suppressed: z.boolean().optional(),
});
export type Finding = z.infer<typeof findingSchema>;

/** Stable order: by file, then place, then rule, so reports diff cleanly between runs. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.message.localeCompare(b.message)
  );
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error' && !f.suppressed);
}
