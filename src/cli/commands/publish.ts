import { buildSite } from '../../pipeline/build-site.ts';
import { formatText } from '../../report/format.ts';
import { ExitCode, GalleyError } from '../../report/galley-error.ts';
import { rootDescription, rootOf, rootOption } from './root-option.ts';
import type { Command, CommandArgs, CommandIO } from '../command.ts';

export interface PublishFlags {
  dryRun: boolean;
  allowDirty: boolean;
  /** false: `--no-confirm`, push without the served proof and tag nothing. */
  confirm: boolean;
  confirmUrl?: string;
  confirmTimeout?: number;
}

/**
 * publish and diff share the flow: build with every gate (a finding stops it with exit 1 before
 * anything is fetched or pushed), then publish the built site; diff stops after the comparison.
 */
export async function runPublish(root: string, flags: PublishFlags, io: CommandIO): Promise<number> {
  const [{ formatDiff }, { loadPublishContext }, { publishSite }, { proofTarget, proveServed }] = await Promise.all([
    import('../../publish/manifest-diff.ts'),
    import('../../publish/publish-context.ts'),
    import('../../publish/publish-site.ts'),
    import('../../publish/served-proof.ts'),
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
  const target = proofTarget(ctx.config, { url: flags.confirmUrl, timeoutSeconds: flags.confirmTimeout, progress });
  let checked = 0;
  const confirm = flags.confirm ? async (commit: string, manifest: Parameters<typeof proveServed>[2]) => void (checked = await proveServed(target, commit, manifest)) : undefined;
  const result = await publishSite({ ctx, siteDir: built.outDir, dryRun: flags.dryRun, allowDirty: flags.allowDirty, progress, confirm });
  io.stdout.write(`${formatDiff(result.diff)}\n`);
  const served = checked > 0 ? `, served by ${target.url} (${checked} files match)` : '';
  const tagged = result.tag ? `known-good tag ${result.tag}${served}` : `not tagged known-good (${flags.confirm ? 'not proven served' : '--no-confirm'})`;
  if (result.status === 'dry-run') {
    io.stdout.write(`dry run: nothing committed or pushed (${ctx.remote} ${ctx.branch} at ${result.commit?.slice(0, 12) ?? 'nothing yet'})\n`);
  } else if (result.status === 'unchanged') {
    io.stdout.write(`nothing changed: ${ctx.remote} already has these bytes (${result.commit?.slice(0, 12)}); ${tagged}\n`);
  } else {
    io.stdout.write(`published ${result.commit!.slice(0, 12)} to ${ctx.remote} ${ctx.branch}, signed; ${tagged}\n`);
  }
  return ExitCode.ok;
}

function publishFlags(values: CommandArgs['values'], dryRun: boolean): PublishFlags {
  const timeout = values['confirm-timeout'] as string | undefined;
  if (timeout !== undefined && !(Number(timeout) > 0)) {
    throw new GalleyError(`Unexpected \`--confirm-timeout ${timeout}\`, expected a number of seconds`, { exitCode: ExitCode.usage, ruleId: 'publish-usage', hint: 'e.g. `--confirm-timeout 300`' });
  }
  return {
    dryRun,
    allowDirty: values['allow-dirty'] === true,
    confirm: values['no-confirm'] !== true,
    confirmUrl: values['confirm-url'] as string | undefined,
    confirmTimeout: timeout === undefined ? undefined : Number(timeout),
  };
}

export const publishCommand: Command = {
  name: 'publish',
  summary: 'Build with every gate, commit the site SSH-signed, push it with the write key, prove it served, tag it known-good',
  usage: '[--dry-run] [--allow-dirty] [--no-confirm] [--confirm-url URL] [--confirm-timeout SECONDS] [--root DIR]',
  describe: {
    'dry-run': 'print the diff against the deployed site and stop',
    'allow-dirty': 'publish a build from a tree with uncommitted changes (the footer and manifest say so)',
    'no-confirm': 'push without waiting for the site to serve it; nothing is tagged known-good',
    'confirm-url': 'the address to prove the release at (default publish.confirm.url, else site.baseUrl)',
    'confirm-timeout': 'seconds to wait for it (default three sync intervals plus 30)',
    ...rootDescription,
  },
  options: {
    'dry-run': { type: 'boolean' },
    'allow-dirty': { type: 'boolean' },
    'no-confirm': { type: 'boolean' },
    'confirm-url': { type: 'string' },
    'confirm-timeout': { type: 'string' },
    ...rootOption,
  },
  run: ({ values }, io) => runPublish(rootOf(values, io), publishFlags(values, values['dry-run'] === true), io),
};

export const diffCommand: Command = {
  name: 'diff',
  summary: 'Print what publish would change in the deploy repository (added, changed, removed, bytes)',
  usage: '[--root DIR]',
  describe: { ...rootDescription },
  options: { ...rootOption },
  // A diff pushes nothing, so a dirty tree may be compared.
  run: ({ values }, io) => runPublish(rootOf(values, io), { dryRun: true, allowDirty: true, confirm: false }, io),
};
