import path from 'node:path';
import { VFile } from 'vfile';
import { collectFindings } from '../report/collect.ts';
import { emit } from '../report/emit.ts';
import type { Finding } from '../report/finding.ts';
import type { RenderedTarget } from './load-manifests.ts';
import { policies as allPolicies } from './policies/index.ts';
import type { Policy } from './policies/policy.ts';
import type { SourceIndex } from './source-index.ts';

/**
 * Hold every rendered target to the policies; collect all violations, then report them at the
 * source lines that define the object (or the target's kustomization.yaml when none does).
 */
export async function checkPolicies(
  root: string,
  targets: readonly RenderedTarget[],
  index: SourceIndex,
  policies: readonly Policy[] = allPolicies,
): Promise<Finding[]> {
  const files = new Map<string, VFile>();
  const fileFor = (p: string): VFile => {
    let file = files.get(p);
    if (!file) files.set(p, (file = new VFile({ path: p })));
    return file;
  };
  for (const target of targets) {
    for (const policy of policies) {
      if (!policy.roles.includes(target.role)) continue;
      await policy.check({
        root,
        target,
        report(object, reason, hint, at) {
          const place = at ?? (object ? index.locate(object.kind, object.metadata.name) : undefined);
          const file = place?.file ?? path.posix.join(target.dir, 'kustomization.yaml');
          emit(fileFor(file), `${reason} (rendered from ${target.dir})`, {
            place: place ? { line: place.line, column: place.column } : { line: 1, column: 1 },
            ruleId: policy.ruleId,
            source: 'deploy',
            hint,
          });
        },
      });
    }
  }
  return dedupe(collectFindings(files.values()));
}

// A base shared by two overlays breaks the same rule twice at the same line; say it once.
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}:${f.line}:${f.column}:${f.ruleId}:${f.message.replace(/ \(rendered from [^)]*\)$/, '')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
