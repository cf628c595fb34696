import { ExitCode } from '../../report/galley-error.ts';
import { rootDescription, rootOf, rootOption } from './root-option.ts';
import type { Command } from '../command.ts';

export const keysCommand: Command = {
  name: 'keys',
  summary: 'Create the local write, read and signing keys, allowed_signers and the pinned host key',
  usage: 'init [--root DIR]',
  describe: { ...rootDescription },
  options: { ...rootOption },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 1 || positionals[0] !== 'init') {
      io.stderr.write(`galley keys: Unexpected \`${positionals.join(' ') || '(nothing)'}\`, expected \`init\`\n  hint: run \`galley keys init\`\n`);
      return ExitCode.usage;
    }
    const [{ EMBEDDED_HOST_PATTERN }, { publicKeyOf }, { initKeys }, { KEY_ROLES }, { loadPublishContext }] = await Promise.all([
      import('../../publish/git-server/embedded-server.ts'),
      import('../../publish/keys/fingerprint.ts'),
      import('../../publish/keys/init-keys.ts'),
      import('../../publish/keys/key-paths.ts'),
      import('../../publish/publish-context.ts'),
    ]);
    const ctx = await loadPublishContext(rootOf(values, io), io.env);
    const { created } = await initKeys({ paths: ctx.keys, principal: ctx.committer.email, hostPattern: EMBEDDED_HOST_PATTERN });
    for (const file of created) io.stdout.write(`created ${file}\n`);
    if (created.length === 0) io.stdout.write('keys already present; nothing created\n');
    for (const role of [...KEY_ROLES, 'hostKey'] as const) {
      io.stdout.write(`${(role === 'hostKey' ? 'host' : role).padEnd(8)} ${(await publicKeyOf(ctx.keys[role])).fingerprint}\n`);
    }
    return ExitCode.ok;
  },
};
