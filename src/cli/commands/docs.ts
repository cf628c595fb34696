import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/load-config.ts';
import { readClusters } from '../../docs/cluster/read-clusters.ts';
import { leakGate } from '../../docs/leak-gate.ts';
import { readProvenance } from '../../docs/provenance.ts';
import { renderClusterChapter } from '../../docs/render-cluster.ts';
import { writePages } from '../../docs/write-pages.ts';
import { hasErrors } from '../../report/finding.ts';
import { formatFindings } from '../../report/format.ts';
import { ExitCode, GalleyError } from '../../report/galley-error.ts';
import type { Command } from '../command.ts';

/** Default output: beside `site/`, not inside it, so `galley build`'s swap of `site/` never drops it. */
export const DEFAULT_DOCS_OUT = 'docs-out';

export const docsCommand: Command = {
  name: 'docs',
  summary: 'Write the cluster chapter (Markdown) from a Flux GitOps tree, after the leak gate',
  usage: '--cluster DIR [--root FILE...] [--out DIR] [--format text|json]',
  describe: {
    cluster: 'the GitOps repository (its root directory)',
    root: 'a cluster root: Flux Kustomization file or directory (repeatable); default: found in the tree',
    out: `output directory (default ${DEFAULT_DOCS_OUT})`,
    format: 'findings format: text (default) or json',
  },
  options: {
    cluster: { type: 'string' },
    root: { type: 'string', multiple: true },
    out: { type: 'string' },
    format: { type: 'string' },
  },
  async run({ values }, io) {
    const format = values.format === undefined ? 'text' : String(values.format);
    if (format !== 'text' && format !== 'json') throw usage(`Unexpected format \`${format}\`, expected text or json`, 'pass `--format text` or `--format json`');
    if (typeof values.cluster !== 'string') throw usage('Unexpected missing `--cluster`, expected the GitOps repository directory', 'e.g. `galley docs --cluster ../gitops`');
    const repo = path.resolve(io.cwd, values.cluster);
    if (!existsSync(repo) || !statSync(repo).isDirectory()) throw usage(`Unexpected \`--cluster ${values.cluster}\`, expected a directory`, 'pass the root of the GitOps repository');
    const roots = ((values.root as string[] | undefined) ?? []).map((r) => resolveRoot(io.cwd, repo, r));

    const reading = readClusters(repo, roots);
    if (reading.clusters.length === 0) {
      throw usage('Unexpected repository without a cluster root, expected a Flux Kustomization to start from', 'name one with `--root clusters/<name>/flux-system` or a ks.yaml');
    }
    const { config } = await loadConfig(io.cwd);
    const pages = renderClusterChapter(reading.clusters, await readProvenance(repo, io.env));
    const out = path.resolve(io.cwd, typeof values.out === 'string' ? values.out : DEFAULT_DOCS_OUT);
    const gated = await writePages(pages, out, leakGate(config.leak.allow));
    // Both kinds of finding are shown relative to where the user stands.
    const here = (file: string, base: string): string => path.relative(io.cwd, path.resolve(base, file)).split(path.sep).join('/');
    const findings = [
      ...reading.findings.map((f) => ({ ...f, file: here(f.file, repo) })),
      ...gated.map((f) => ({ ...f, file: here(f.file, io.cwd) })),
    ];
    if (findings.length > 0) io.stderr.write(`${formatFindings(findings, format)}\n`);
    if (hasErrors(findings)) {
      io.stderr.write('galley docs: nothing written: the leak gate found the above  leak-gate\n  hint: fix the source or allow a fingerprint in site.config.ts\n');
      return ExitCode.findings;
    }
    const summary = reading.clusters.map((c) => `${c.name} (${c.layers.length} layers, ${c.kustomizations.length} Kustomizations)`).join(', ');
    io.stdout.write(`galley docs: wrote ${pages.length} pages to ${path.relative(io.cwd, out) || '.'}: ${summary}\n`);
    return ExitCode.ok;
  },
};

function usage(message: string, hint: string): GalleyError {
  return new GalleyError(message, { exitCode: ExitCode.usage, ruleId: 'docs-usage', hint });
}

/** A root as given, else relative to the repository; it must lie inside the repository. */
function resolveRoot(cwd: string, repo: string, root: string): string {
  const candidates = [path.resolve(cwd, root), path.resolve(repo, root)];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw usage(`Unexpected \`--root ${root}\`, expected an existing file or directory`, 'give it relative to the repository or the working directory');
  const rel = path.relative(repo, found);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw usage(`Unexpected \`--root ${root}\` outside \`--cluster\`, expected a path inside the repository`, 'roots are files of the GitOps repository');
  return found;
}
