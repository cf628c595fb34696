import { ExitCode } from '../../report/galley-error.ts';
import { rootDescription, rootOf, rootOption } from './root-option.ts';
import type { Command } from '../command.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: 'Show the deployed head, the served revision, the last known-good tag and sidecar health; exit 1 when they differ',
  usage: '[--format text|json] [--confirm-url URL] [--root DIR]',
  describe: { format: 'text (default) or json', 'confirm-url': 'the address to read the served revision at (default publish.confirm.url, else site.baseUrl)', ...rootDescription },
  options: { format: { type: 'string' }, 'confirm-url': { type: 'string' }, ...rootOption },
  async run({ values }, io) {
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') {
      io.stderr.write(`galley status: Unexpected \`--format ${format}\`, expected text or json\n  hint: \`--format json\` for scripts\n`);
      return ExitCode.usage;
    }
    const [{ loadPublishContext }, { releaseStatus }, { describeEvidence }] = await Promise.all([
      import('../../publish/publish-context.ts'),
      import('../../publish/release-status.ts'),
      import('../../publish/release-evidence.ts'),
    ]);
    const ctx = await loadPublishContext(rootOf(values, io), io.env);
    const status = await releaseStatus(ctx, ctx.config, values['confirm-url'] as string | undefined);
    const code = status.unreachable.length > 0 ? ExitCode.io : status.differences.length > 0 ? ExitCode.findings : ExitCode.ok;
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ ...status, agree: code === ExitCode.ok }, null, 2)}\n`);
      return code;
    }
    const rev = (r: string | null | undefined) => r?.slice(0, 12) ?? '-';
    const lines = [
      `deployed    ${rev(status.deployed.revision)}  ${ctx.remote} ${ctx.branch}${status.deployed.since ? ` since ${status.deployed.since}` : ''}${status.deployed.error ? `  (${status.deployed.error})` : ''}`,
      `served      ${rev(status.served.revision)}  ${status.served.url}${status.served.error ? `  (${status.served.error})` : ''}`,
      `known-good  ${rev(status.knownGood.revision)}  ${status.knownGood.tag ?? '(no known-good tag yet)'}`,
      ...(status.knownGood.tag ? [`            ${describeEvidence(status.knownGood.evidence ?? undefined)}`] : []),
      `release     ${rev(status.releaseBranch.revision)}  ${status.releaseBranch.name}${status.releaseBranch.revision ? '' : ' (not created yet)'}`,
      ...status.sidecars.map((s) => `sidecar     ${rev(s.revision)}  ${s.said}`),
    ];
    if (code === ExitCode.ok) lines.push('all agree');
    lines.push(...status.unreachable.map((u) => `unreachable: ${u}`), ...status.differences.map((d) => `differs: ${d}`));
    io.stdout.write(`${lines.join('\n')}\n`);
    return code;
  },
};
