import { formatText } from '../../report/format.ts';
import { rootDescription, rootOf, rootOption } from './root-option.ts';
import type { Command } from '../command.ts';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check keys (fingerprints, permissions, distinct roles), the host key pin and the remote; --cluster: the manifests',
  usage: '[--cluster] [--root DIR]',
  describe: {
    cluster: 'render the cluster manifests as Flux would and check them (needs kubectl)',
    ...rootDescription,
  },
  options: { cluster: { type: 'boolean' }, ...rootOption },
  async run({ values }, io) {
    const [{ doctorCluster }, { runDoctor }, { loadPublishContext }] = await Promise.all([
      import('../../deploy/doctor-cluster.ts'),
      import('../../publish/doctor.ts'),
      import('../../publish/publish-context.ts'),
    ]);
    const root = rootOf(values, io);
    if (values.cluster === true) return doctorCluster(root, io);
    const ctx = await loadPublishContext(root, io.env);
    const report = await runDoctor(ctx);
    for (const line of report.lines) io.stdout.write(`${line}\n`);
    if (report.findings.length > 0) io.stderr.write(`${formatText(report.findings)}\n`);
    return report.exitCode;
  },
};
