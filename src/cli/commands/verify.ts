import { formatText } from '../../report/format.ts';
import { ExitCode } from '../../report/galley-error.ts';
import { rootDescription, rootOf, rootOption } from './root-option.ts';
import type { Command } from '../command.ts';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Rebuild a release from the source commit it names and compare it with the deploy repository byte for byte',
  usage: '[TAG|REV] [--root DIR]',
  describe: { ...rootDescription },
  options: { ...rootOption },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const [{ loadPublishContext }, { verifyRelease }] = await Promise.all([import('../../publish/publish-context.ts'), import('../../publish/verify-release.ts')]);
    if (positionals.length > 1) {
      io.stderr.write(`galley verify: Unexpected ${positionals.length} releases, expected one TAG or REV\n  hint: run \`galley verify --help\`\n`);
      return ExitCode.usage;
    }
    const ctx = await loadPublishContext(rootOf(values, io), io.env);
    if (io.interactive) io.stderr.write(`galley: rebuilding ${positionals[0] ?? 'the newest known-good release'}\n`);
    const result = await verifyRelease(ctx, positionals[0]);
    const named = `${result.tag ?? result.revision.slice(0, 12)} (deploy commit ${result.revision.slice(0, 12)})`;
    if (result.findings.length > 0) io.stderr.write(`${formatText(result.findings)}\n`);
    if (result.differences.length === 0 && result.findings.length === 0) {
      io.stdout.write(`${result.identical} files identical to ${result.sourceCommit}: ${named} rebuilds byte for byte\n`);
      return ExitCode.ok;
    }
    const lines = [`${named} does not rebuild from ${result.sourceCommit}: ${result.differences.length} file(s) differ, ${result.identical} identical`];
    for (const d of result.differences) {
      const size = (n: number | undefined) => (n === undefined ? 'missing' : `${n} bytes`);
      lines.push(`  ${d.path}  deployed ${size(d.deployedSize)}, rebuilt ${size(d.rebuiltSize)}`);
      if (d.line) {
        const at = `line ${d.line.number} col ${d.line.column}`;
        lines.push(`    ${at}: deployed ${JSON.stringify(d.line.deployed)}`, `    ${at}: rebuilt  ${JSON.stringify(d.line.rebuilt)}`);
      }
    }
    if (result.reason) lines.push(`why: ${result.reason}`);
    io.stdout.write(`${lines.join('\n')}\n`);
    return ExitCode.findings;
  },
};
