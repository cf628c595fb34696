import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatText } from '../../report/format.ts';
import { ExitCode, GalleyError } from '../../report/galley-error.ts';
import type { Command } from '../command.ts';

export const importZolaCommand: Command = {
  name: 'import-zola',
  summary: 'Import a Zola site: entries, config, URLs kept by aliases; a report of what needs a person',
  usage: 'ZOLA_DIR [--out DIR] [--force] [--loose-sections] | ZOLA_DIR --into DIR',
  describe: {
    out: 'Where to write site.config.ts, content/entries/, public/ and import-report.md (default: the current directory)',
    force: 'Overwrite an existing site.config.ts and entries',
    into: 'Add the site to the galley project at DIR (`--into .`): its files beside the project\'s, fields and feeds added to site.config.ts; refuses to overwrite any file',
    'loose-sections': 'Require no sections of new entries either (site.config.ts says so); imported entries never need them',
  },
  options: { out: { type: 'string' }, force: { type: 'boolean' }, 'loose-sections': { type: 'boolean' }, into: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const [{ reportMarkdown, reportText }, { importDay, importZolaSite }, { assertWritable, REPORT_FILE, writeImport, writeInto }, { predictBuild }] = await Promise.all([
      import('../../import-zola/import-report.ts'),
      import('../../import-zola/import-site.ts'),
      import('../../import-zola/write-import.ts'),
      import('../../import-zola/predict-build.ts'),
    ]);
    if (positionals.length !== 1) {
      throw new GalleyError(`Unexpected ${positionals.length === 0 ? 'missing' : 'extra'} argument, expected one ZOLA_DIR`, {
        exitCode: ExitCode.usage,
        ruleId: 'import-usage',
        hint: 'Run `galley import-zola path/to/zola-site --out path/to/new-project`.',
      });
    }
    const into = typeof values.into === 'string' ? values.into : undefined;
    if (into !== undefined && (values.out !== undefined || values.force || values['loose-sections'])) {
      throw new GalleyError('Unexpected `--into` with `--out`, `--force` or `--loose-sections`, expected `--into` alone', {
        exitCode: ExitCode.usage,
        ruleId: 'import-usage',
        hint: "`--into` adds to a project whose site.config.ts stays as it is, and never overwrites; `--out` writes a new project.",
      });
    }
    const zolaDir = path.resolve(io.cwd, positionals[0]!);
    const outDir = path.resolve(io.cwd, into ?? (typeof values.out === 'string' ? values.out : '.'));
    if (into === undefined) assertWritable(outDir, values.force === true);
    if (io.interactive) io.stderr.write(`Reading ${positionals[0]} ...\n`);
    const result = await importZolaSite(zolaDir, { looseSections: values['loose-sections'] === true, importedOn: importDay(io.env) });
    const report = reportMarkdown(result, path.basename(zolaDir));
    if (into === undefined) await writeImport(result, outDir, report);
    else await writeInto(result, outDir, report);
    // What the first build will say, placed in the Zola source; then the report says it too.
    await predictBuild(result, outDir, io.env);
    await writeFile(path.join(outDir, REPORT_FILE), reportMarkdown(result, path.basename(zolaDir)));
    io.stdout.write(reportText(result));
    io.stdout.write(`Report written to ${path.relative(io.cwd, path.join(outDir, REPORT_FILE)) || REPORT_FILE}\n`);
    const findings = result.log.findings();
    if (findings.length > 0) io.stderr.write(`${formatText(findings)}\n`);
    return result.log.complete ? ExitCode.ok : ExitCode.findings;
  },
};
