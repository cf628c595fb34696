import path from 'node:path';
import { buildSite } from '../../pipeline/build-site.ts';
import type { Gate } from '../../pipeline/gate.ts';
import { formatFindings } from '../../report/format.ts';
import { ExitCode, GalleyError } from '../../report/galley-error.ts';
import { reportError } from '../report-error.ts';
import type { Command, CommandArgs, CommandIO } from '../command.ts';

export const buildOptions = {
  drafts: { type: 'boolean' },
  root: { type: 'string' },
  format: { type: 'string', default: 'text' },
  'no-cache': { type: 'boolean' },
} as const;

/** Shared by build and check: run the pipeline, print every finding, map the result to an exit code. */
export async function runBuild(args: CommandArgs, io: CommandIO, write: boolean, gates?: Gate[]): Promise<number> {
  const format = String(args.values.format ?? 'text');
  if (format !== 'text' && format !== 'json') {
    io.stderr.write(`galley: Unexpected --format \`${format}\`, expected text or json\n  hint: use --format json for machine-readable findings\n`);
    return ExitCode.usage;
  }
  const root = path.resolve(io.cwd, String(args.values.root ?? '.'));
  const out = args.values.out === undefined ? undefined : path.resolve(io.cwd, String(args.values.out));
  let result;
  try {
    result = await buildSite({ root, drafts: Boolean(args.values.drafts), write, cache: !args.values['no-cache'], env: io.env, ...(out ? { outDir: out } : {}), ...(gates ? { gates } : {}) });
  } catch (error) {
    // A configuration error still answers in JSON when JSON was asked for.
    if (format !== 'json' || !(error instanceof GalleyError)) throw error;
    io.stdout.write(`${formatFindings(error.findings, 'json')}\n`);
    return reportError(error, write ? 'build' : 'check', io);
  }
  if (format === 'json') io.stdout.write(`${formatFindings(result.findings, 'json')}\n`);
  else if (result.findings.length > 0) io.stderr.write(`${formatFindings(result.findings, 'text')}\n`);
  if (!result.ok) return ExitCode.findings;
  if (format === 'text') {
    const { rendered, written } = result.stats;
    const what = write
      ? `built ${result.manifest?.files.length ?? 0} files into ${path.relative(io.cwd, result.outDir) || '.'} (${rendered} entries and pages rendered, ${written} files written)`
      : 'every gate passed';
    io.stdout.write(`galley: ${what}\n`);
  }
  return ExitCode.ok;
}

export const buildCommand: Command = {
  name: 'build',
  summary: 'Render the site through every gate into site/ (swapped in only when all pass)',
  usage: '[--drafts] [--out DIR] [--root DIR] [--format text|json] [--no-cache]',
  options: { ...buildOptions, out: { type: 'string' } },
  describe: {
    drafts: 'include entries with `draft: true`',
    out: 'output directory (default: paths.output, `site`)',
    root: 'project root (default: the current directory)',
    format: 'findings as `text` (path:line:col) or `json`',
    'no-cache': 'neither read nor write the content-hash cache in .galley/cache (a cold build)',
  },
  run: (args, io) => runBuild(args, io, true),
};
