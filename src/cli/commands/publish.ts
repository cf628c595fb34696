import { buildSite } from '../../pipeline/build-site.ts';
import { formatText } from '../../report/format.ts';
import { ExitCode } from '../../report/galley-error.ts';
import { confirmDescription, confirmOptions, servedCheck } from './confirm-options.ts';
import { rootDescription, rootOf, rootOption } from './root-option.ts';
import type { Command, CommandArgs, CommandIO } from '../command.ts';

export interface PublishFlags {
  dryRun: boolean;
  allowDirty: boolean;
  /** The served-proof flags (`--no-confirm`, `--confirm-url`, `--confirm-timeout`). */
  values: CommandArgs['values'];
}

/**
 * publish and diff share the flow: build with every gate (a finding stops it with exit 1 before
 * anything is fetched or pushed), then publish the built site; diff stops after the comparison.
 */
export async function runPublish(root: string, flags: PublishFlags, io: CommandIO): Promise<number> {
  const [{ formatDiff }, { loadPublishContext }, { publishSite }] = await Promise.all([
    import('../../publish/manifest-diff.ts'),
    import('../../publish/publish-context.ts'),
    import('../../publish/publish-site.ts'),
  ]);
  const ctx = await loadPublishContext(root, io.env);
  const progress = io.interactive ? (line: string) => io.stderr.write(`galley: ${line}\n`) : undefined;
  progress?.('building');
  const built = await buildSite({ root: ctx.root, env: io.env });
  if (built.findings.length > 0) io.stderr.write(`${formatText(built.findings)}\n`);
  if (!built.ok) {
    io.stderr.write('galley: nothing published: the build did not pass its gates\n');
    return ExitCode.findings;
  }
  const check = await servedCheck(flags.values, ctx.config, ctx.keys.signing, progress);
  const result = await publishSite({ ctx, siteDir: built.outDir, dryRun: flags.dryRun, allowDirty: flags.allowDirty, progress, confirm: check.confirm });
  io.stdout.write(`${formatDiff(result.diff)}\n`);
  const tagged = result.tag ? `known-good tag ${result.tag}${check.said()}` : `not tagged known-good (${check.confirm ? 'not proven served' : '--no-confirm'})`;
  if (result.status === 'dry-run') {
    io.stdout.write(`dry run: nothing committed or pushed (${ctx.remote} ${ctx.branch} at ${result.commit?.slice(0, 12) ?? 'nothing yet'})\n`);
  } else if (result.status === 'unchanged') {
    io.stdout.write(`nothing changed: ${ctx.remote} already has these bytes (${result.commit?.slice(0, 12)}); ${tagged}\n`);
  } else {
    io.stdout.write(`published ${result.commit!.slice(0, 12)} to ${ctx.remote} ${ctx.branch}, signed; ${tagged}\n`);
  }
  return ExitCode.ok;
}

export const publishCommand: Command = {
  name: 'publish',
  summary: 'Build with every gate, commit the site SSH-signed, push it with the write key, prove it served, tag it known-good',
  usage: '[--dry-run] [--allow-dirty] [--no-confirm] [--confirm-url URL] [--confirm-timeout SECONDS] [--no-sync-request] [--root DIR]',
  describe: {
    'dry-run': 'print the diff against the deployed site and stop',
    'allow-dirty': 'publish a build from a tree with uncommitted changes (the footer and manifest say so)',
    ...confirmDescription,
    ...rootDescription,
  },
  options: {
    'dry-run': { type: 'boolean' },
    'allow-dirty': { type: 'boolean' },
    ...confirmOptions,
    ...rootOption,
  },
  run: ({ values }, io) => runPublish(rootOf(values, io), { dryRun: values['dry-run'] === true, allowDirty: values['allow-dirty'] === true, values }, io),
};

export const diffCommand: Command = {
  name: 'diff',
  summary: 'Print what publish would change in the deploy repository (added, changed, removed, bytes)',
  usage: '[--root DIR]',
  describe: { ...rootDescription },
  options: { ...rootOption },
  // A diff pushes nothing, so a dirty tree may be compared.
  run: ({ values }, io) => runPublish(rootOf(values, io), { dryRun: true, allowDirty: true, values: { 'no-confirm': true } }, io),
};
