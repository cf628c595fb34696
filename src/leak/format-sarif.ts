import type { Finding } from '../report/finding.ts';
import { GENERATOR_VERSION } from '../version.ts';
import { rules } from './rules/index.ts';

/** SARIF 2.1.0 (OASIS), one run, for code-scanning tools. Carries previews only, never values. */
export function formatSarif(findings: readonly Finding[]): string {
  const described = new Map<string, { id: string; shortDescription: { text: string }; help: { text: string } }>();
  for (const rule of rules) {
    const known = described.get(rule.id);
    const title = known ? `${known.shortDescription.text}; ${rule.title}` : rule.title;
    described.set(rule.id, { id: rule.id, shortDescription: { text: title }, help: { text: rule.hint } });
  }
  const results = findings.map((f) => ({
    ruleId: f.ruleId,
    level: f.severity === 'info' ? 'note' : f.severity,
    message: { text: f.hint ? `${f.message}. ${f.hint}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.file },
          region: { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) },
        },
      },
    ],
    ...(f.fingerprint ? { partialFingerprints: { 'leakValue/v1': f.fingerprint } } : {}),
    ...(f.suppressed ? { suppressions: [{ kind: 'external', justification: 'leak.allow in site.config.ts' }] } : {}),
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'galley', version: GENERATOR_VERSION, rules: [...described.values()] } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
