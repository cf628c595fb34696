import { runDoctor } from '../../publish/doctor.ts';
import { loadPublishContext } from '../../publish/publish-context.ts';
import { formatText } from '../../report/format.ts';
import type { Command } from '../command.ts';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check keys (fingerprints, permissions, distinct roles), the host key pin and the remote',
  usage: '[--root DIR]',
  describe: { root: 'project root (default: the current directory)' },
  options: { root: { type: 'string' } },
  async run({ values }, io) {
    const ctx = await loadPublishContext((values.root as string | undefined) ?? io.cwd, io.env);
    const report = await runDoctor(ctx);
    for (const line of report.lines) io.stdout.write(`${line}\n`);
    if (report.findings.length > 0) io.stderr.write(`${formatText(report.findings)}\n`);
    return report.exitCode;
  },
};
