import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config/load-config.ts';
import { hasErrors } from '../../report/finding.ts';
import { formatJson, formatText } from '../../report/format.ts';
import { ExitCode, GalleyError } from '../../report/galley-error.ts';
import type { Command } from '../command.ts';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export const leakScan: Command = {
  name: 'leak-scan',
  summary: 'Scan a directory for private addresses, tailnet names, keys and tokens (never prints them)',
  usage: 'DIR [--format text|json|sarif] [--root DIR]',
  describe: {
    format: 'text (default), json, or sarif (2.1.0)',
    root: 'project root whose site.config.ts holds leak.allow (default: the working directory)',
  },
  options: {
    format: { type: 'string', default: 'text' },
    root: { type: 'string' },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const format = values.format as string;
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw usage(`Unexpected format \`${format}\`, expected one of ${FORMATS.join(', ')}`, 'Pass `--format text`, `json` or `sarif`.');
    }
    if (positionals.length !== 1) {
      throw usage(`Unexpected ${positionals.length} directories, expected exactly one`, 'Run `galley leak-scan DIR`, e.g. `galley leak-scan site`.');
    }
    const dir = path.resolve(io.cwd, positionals[0]!);
    const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
    if (!isDir) throw usage(`Unexpected path \`${positionals[0]}\`, expected a directory`, 'Pass the built site, e.g. `site`.');
    const { config } = await loadConfig(path.resolve(io.cwd, (values.root as string | undefined) ?? '.'));
    const { formatSarif, scanTree } = await import('../../leak/index.ts');
    const findings = await scanTree(dir, { allow: config.leak.allow });
    const report = format === 'sarif' ? formatSarif(findings) : format === 'json' ? formatJson(findings) : formatText(findings);
    if (report) io.stdout.write(`${report}\n`);
    return hasErrors(findings) ? ExitCode.findings : ExitCode.ok;
  },
};

function usage(message: string, hint: string): GalleyError {
  return new GalleyError(message, { exitCode: ExitCode.usage, ruleId: 'leak-usage', hint });
}
