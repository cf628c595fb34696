import type { BuildContext, Gate } from '../pipeline/gate.ts';
import type { EntryResult } from '../pipeline/process-entry.ts';
import { didYouMean } from '../report/did-you-mean.ts';
import type { Finding } from '../report/finding.ts';
import type { OutgoingLink } from './extract-links.ts';
import { linkTarget, type LinkTarget } from './resolve-link.ts';

/**
 * Internal links of every rendered entry, after all pages exist: the page or asset is in the
 * output, its `#fragment` is an id on it (through aliases), and a published entry links no draft.
 * In-process over the ids each page reported: a crawler misses fragments (perf-anchors).
 */
export const linksGate: Gate = {
  name: 'links',
  async run(ctx: BuildContext): Promise<Finding[]> {
    const findings: Finding[] = [];
    for (const entry of ctx.entries) {
      if (!entry.page || !entry.entry) continue;
      for (const link of entry.links) {
        const finding = checkLink(ctx, entry, link);
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
};

// A reused entry brings the same link objects, from the same page, to every build of a `galley
// dev` session: each is parsed once. Parsing 8,000 links was a tenth of a title save.
const targets = new WeakMap<OutgoingLink, LinkTarget>();

function checkLink(ctx: BuildContext, entry: EntryResult, link: OutgoingLink): Finding | undefined {
  let resolved = targets.get(link);
  if (!resolved) targets.set(link, (resolved = linkTarget(link.url, entry.entry!.url)));
  if (resolved.kind === 'external') return undefined;
  const outPath = resolved.candidates.find((p) => ctx.outputs.has(p));
  const at = { file: entry.source, line: link.line, column: link.column, severity: 'error' as const, source: 'links' };
  const draftSource = ctx.excludedDrafts.size === 0 ? undefined : resolved.candidates.map((c) => '/' + c.replace(/index\.html$/, '')).find((u) => ctx.excludedDrafts.has(u));
  const target = outPath ? ctx.outputs.get(outPath) : undefined;
  if ((draftSource || target?.draft) && !entry.entry!.draft) {
    return {
      ...at,
      ruleId: 'link-draft',
      message: `Unexpected link to the draft \`${link.url}\`, expected published entries only`,
      hint: 'Publish the linked entry first (`draft: false`), or remove the link until it is.',
    };
  }
  if (!outPath || !target) {
    const asset = link.kind === 'image' || /\.(?!html?$)[a-z0-9]+$/i.test(resolved.candidates[0] ?? '');
    return {
      ...at,
      ruleId: asset ? 'link-missing-asset' : 'link-missing-page',
      message: `Unexpected link to \`${link.url}\` that is not in the site, expected an existing ${asset ? 'file' : 'page'}`,
      hint: asset ? 'Put the file beside the entry (a bundle: `content/entries/<slug>/index.md`), or under `public/`, or fix the path.' : 'Check the address: entries live at `/entries/<slug>/`, pages at their path under content/pages/ (`about.md` is `/about/`).',
    };
  }
  if (resolved.fragment === undefined || resolved.fragment === '') return undefined;
  const pagePath = target.redirect ?? outPath;
  const page = ctx.outputs.get(pagePath);
  if (!page?.ids || page.ids.has(resolved.fragment)) return undefined;
  const suggestion = didYouMean(resolved.fragment, page.ids);
  return {
    ...at,
    ruleId: 'link-missing-fragment',
    message: `Unexpected fragment \`#${resolved.fragment}\` that is not an id on \`/${pagePath.replace(/index\.html$/, '')}\`, expected an existing heading id`,
    hint: suggestion ? `Did you mean \`#${suggestion}\`?` : 'Heading ids are the slug of the heading text, or its `{#id}`.',
  };
}
