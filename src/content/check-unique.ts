import type { BuildContext, Gate } from '../pipeline/gate.ts';
import type { Finding } from '../report/finding.ts';
import { aliasOutputPath } from './entry-slug.ts';

/** Front matter across entries: every slug and alias names one page, and no alias shadows a page. */
export const uniqueGate: Gate = {
  name: 'frontmatter',
  async run(ctx: BuildContext): Promise<Finding[]> {
    const findings: Finding[] = [];
    const owners = new Map<string, string>();
    for (const r of ctx.entries) {
      if (!r.entry) continue;
      const first = owners.get(r.entry.outPath);
      if (first) {
        findings.push({
          file: r.source,
          ...r.entry.places.slug,
          ruleId: 'frontmatter-slug-duplicate',
          severity: 'error',
          message: `Unexpected slug \`${r.entry.slug}\` already used by \`${first}\`, expected each entry at its own address`,
          hint: 'Rename the file or set a different `slug:`.',
          source: 'frontmatter',
        });
      } else {
        owners.set(r.entry.outPath, r.source);
      }
    }
    for (const r of ctx.entries) {
      r.entry?.aliases.forEach((alias, i) => {
        const out = aliasOutputPath(alias);
        if (!out) return;
        const first = owners.get(out);
        if (first !== undefined) {
          findings.push({
            file: r.source,
            ...r.entry!.places.aliases[i]!,
            ruleId: 'frontmatter-alias-duplicate',
            severity: 'error',
            message: `Unexpected alias \`${alias}\` already taken by \`${first}\`, expected each alias once`,
            hint: 'Remove the alias from one of the entries (an address can redirect to one place).',
            source: 'frontmatter',
          });
        } else {
          owners.set(out, r.source);
        }
      });
    }
    return findings;
  },
};
