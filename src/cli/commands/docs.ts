import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/load-config.ts';
import { FLEET_COMMAND } from '../../docs/fleet/fleet-command.ts';
import { hasErrors } from '../../report/finding.ts';
import { formatFindings } from '../../report/format.ts';
import { ExitCode, GalleyError } from '../../report/galley-error.ts';
import type { Command } from '../command.ts';

/** Default output: beside `site/`, not inside it, so `galley build`'s swap of `site/` never drops it. */
export const DEFAULT_DOCS_OUT = 'docs-out';

export const docsCommand: Command = {
  name: 'docs',
  summary: 'Build the docs book (cluster and fleet chapters, hand-written chapters) through every gate',
  usage: '--cluster DIR [--root FILE...] [--fleet FILE|FLAKE] [--out DIR] [--check] [--publish] [--source-rev BRANCH@SHA] [--markdown] [--format text|json]',
  describe: {
    cluster: 'the GitOps repository (its root directory)',
    root: 'a cluster root: Flux Kustomization file or directory (repeatable); default: found in the tree',
    fleet: `the fleet projection: \`${FLEET_COMMAND}\` output, or the flake's directory to evaluate it here (roles from docs.roles)`,
    out: `output directory (default: docs.out of site.config.ts, site-docs; with --markdown ${DEFAULT_DOCS_OUT})`,
    check: 'run every gate, write nothing',
    publish: 'after writing, publish the book like `galley publish --no-confirm` (signed commit, no known-good tag: its address is not checked) to docs.publish\'s branch',
    'source-rev': 'the GitOps revision to print (BRANCH@SHA or SHA), e.g. for a snapshot outside git',
    markdown: 'write only the cluster chapter as Markdown (the book\'s source), not the book',
    format: 'findings format: text (default) or json',
  },
  options: {
    cluster: { type: 'string' },
    root: { type: 'string', multiple: true },
    fleet: { type: 'string' },
    out: { type: 'string' },
    check: { type: 'boolean' },
    publish: { type: 'boolean' },
    'source-rev': { type: 'string' },
    markdown: { type: 'boolean' },
    format: { type: 'string' },
  },
  async run({ values }, io) {
    // The docs stack (YAML of whole GitOps trees, the book, publish over SSH) loads only for `galley docs`.
    const [{ applySourceRev, buildDocsBook }, { bookPublishContext }, { formatDiff }, { publishSite }, { readClusters }, { leakGate }, { readProvenance }, { renderClusterChapter }, { writePages }] = await Promise.all([
      import('../../docs/build-docs-book.ts'),
      import('../../docs/publish-book.ts'),
      import('../../publish/manifest-diff.ts'),
      import('../../publish/publish-site.ts'),
      import('../../docs/cluster/read-clusters.ts'),
      import('../../docs/leak-gate.ts'),
      import('../../docs/provenance.ts'),
      import('../../docs/render-cluster.ts'),
      import('../../docs/write-pages.ts'),
    ]);
    const format = values.format === undefined ? 'text' : String(values.format);
    if (format !== 'text' && format !== 'json') throw usage(`Unexpected format \`${format}\`, expected text or json`, 'pass `--format text` or `--format json`');
    if (typeof values.cluster !== 'string' && (typeof values.fleet !== 'string' || values.markdown)) {
      throw usage('Unexpected missing `--cluster`, expected the GitOps repository directory', 'e.g. `galley docs --cluster ../gitops --fleet fleet.json`');
    }
    const repo = typeof values.cluster === 'string' ? path.resolve(io.cwd, values.cluster) : undefined;
    if (repo && (!existsSync(repo) || !statSync(repo).isDirectory())) throw usage(`Unexpected \`--cluster ${values.cluster}\`, expected a directory`, 'pass the root of the GitOps repository');
    const roots = repo ? ((values.root as string[] | undefined) ?? []).map((r) => resolveRoot(io.cwd, repo, r)) : [];

    const reading = repo ? readClusters(repo, roots) : { clusters: [], findings: [] };
    if (repo && reading.clusters.length === 0) {
      throw usage('Unexpected repository without a cluster root, expected a Flux Kustomization to start from', 'name one with `--root clusters/<name>/flux-system` or a ks.yaml');
    }
    const { config, root } = await loadConfig(io.cwd);
    const here = (file: string, base: string): string => path.relative(io.cwd, path.resolve(base, file)).split(path.sep).join('/');
    const readingFindings = reading.findings.map((f) => ({ ...f, file: here(f.file, repo!) }));
    if (!values.markdown) {
      const out = path.resolve(root, typeof values.out === 'string' ? values.out : config.docs.out);
      const book = await buildDocsBook({
        root, config, repo, clusters: reading.clusters, out, write: values.check !== true, env: io.env,
        fleetPath: typeof values.fleet === 'string' ? path.resolve(io.cwd, values.fleet) : undefined,
        sourceRev: typeof values['source-rev'] === 'string' ? values['source-rev'] : undefined,
      });
      const findings = [...readingFindings, ...book.findings];
      if (findings.length > 0) io.stderr.write(`${formatFindings(findings, format)}\n`);
      if (book.exitCode !== ExitCode.ok) {
        io.stderr.write(`galley docs: nothing written: ${book.exitCode === ExitCode.usage ? 'the fleet projection is not usable' : 'the book did not pass its gates'}\n`);
        return book.exitCode;
      }
      const done = values.check ? `checked ${book.pages} pages, nothing written` : `wrote ${book.pages} pages to ${path.relative(io.cwd, out) || '.'}; open its index.html`;
      io.stdout.write(`galley docs: ${done}\n`);
      if (values.publish && !values.check) {
        const ctx = bookPublishContext(root, config, io.env);
        const result = await publishSite({ ctx, siteDir: out, progress: io.interactive ? (line) => io.stderr.write(`galley: ${line}\n`) : undefined });
        io.stdout.write(`${formatDiff(result.diff)}\n`);
        io.stdout.write(result.status === 'unchanged'
          ? `nothing changed: ${ctx.branch} already serves these bytes (${result.commit?.slice(0, 12)}${result.tag ? `, ${result.tag}` : ''})\n`
          : `published ${result.commit!.slice(0, 12)} to ${ctx.remote} ${ctx.branch}, signed; known-good tag ${result.tag ?? '(not tagged)'}\n`);
      }
      return ExitCode.ok;
    }
    if (values.check) throw usage('Unexpected `--check` with `--markdown`, expected one of them', 'the Markdown chapter has no gates besides the leak gate; drop one flag');
    const pages = renderClusterChapter(reading.clusters, applySourceRev(await readProvenance(repo!, io.env), values['source-rev'] as string | undefined), config.docs.sourceUrl);
    const out = path.resolve(io.cwd, typeof values.out === 'string' ? values.out : DEFAULT_DOCS_OUT);
    const gated = await writePages(pages, out, leakGate(config.leak.allow));
    // Both kinds of finding are shown relative to where the user stands.
    const findings = [
      ...readingFindings,
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
