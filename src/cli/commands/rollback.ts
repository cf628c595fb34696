import { ExitCode } from '../../report/galley-error.ts';
import { confirmDescription, confirmOptions, servedCheck } from './confirm-options.ts';
import { rootDescription, rootOf, rootOption } from './root-option.ts';
import type { Command } from '../command.ts';

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'List known-good releases, or push a new signed commit with a known-good tree (--to TAG)',
  usage: '[--to TAG] [--no-confirm] [--confirm-url URL] [--confirm-timeout SECONDS] [--no-sync-request] [--root DIR]',
  describe: { to: 'a known-good tag, release/<target>/<UTC>-<shortrev>', ...confirmDescription, ...rootDescription },
  options: { to: { type: 'string' }, ...confirmOptions, ...rootOption },
  async run({ values }, io) {
    const [{ syncDeployClone }, { loadPublishContext }, { assertKeysUsable }, { listReleases, releaseBranch, releaseBranchTip }, { rollbackTo }, { describeEvidence }] = await Promise.all([
      import('../../publish/deploy-clone.ts'),
      import('../../publish/publish-context.ts'),
      import('../../publish/publish-site.ts'),
      import('../../publish/push-release.ts'),
      import('../../publish/rollback.ts'),
      import('../../publish/release-evidence.ts'),
    ]);
    const ctx = await loadPublishContext(rootOf(values, io), io.env);
    const tag = values.to as string | undefined;
    if (tag) {
      // The new commit is known-good once it is served, like any publish.
      const check = await servedCheck(values, ctx.config, ctx.keys.signing, io.interactive ? (line) => io.stderr.write(`galley: ${line}\n`) : undefined);
      const result = await rollbackTo(ctx, tag, check.confirm);
      io.stdout.write(
        result.status === 'unchanged'
          ? `nothing to do: ${ctx.branch} already has the tree of ${tag}\n`
          : `rolled back: ${result.commit.slice(0, 12)} has the tree of ${tag}; ${result.tag ? `known-good tag ${result.tag}${check.said()}` : 'not tagged known-good'}\n`,
      );
      return ExitCode.ok;
    }
    await assertKeysUsable(ctx);
    const { git, head } = await syncDeployClone(ctx);
    const releases = await listReleases(git, ctx);
    if (releases.length === 0) io.stdout.write(`no known-good releases of ${ctx.target} yet\n`);
    const headTree = head ? (await git.raw(['rev-parse', `${head}^{tree}`])).trim() : undefined;
    const pointer = await releaseBranchTip(git, ctx);
    for (const r of releases) {
      const marks = [r.tree === headTree ? 'serving this tree' : '', r.commit === pointer ? releaseBranch(ctx.target) : ''].filter(Boolean);
      io.stdout.write(`${r.tag}  ${r.commit.slice(0, 12)}${marks.length > 0 ? `  (${marks.join(', ')})` : ''}\n  ${describeEvidence(r.evidence)}\n`);
    }
    return ExitCode.ok;
  },
};
