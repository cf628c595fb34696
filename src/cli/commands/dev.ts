import path from 'node:path';
import { ExitCode } from '../../report/galley-error.ts';
import type { Command } from '../command.ts';

export const devCommand: Command = {
  name: 'dev',
  summary: 'Serve the site locally, rebuild on every save through the same gates, live reload',
  usage: '[--root DIR] [--drafts] [--port N]',
  options: { root: { type: 'string' }, drafts: { type: 'boolean' }, port: { type: 'string', default: '1111' } },
  describe: {
    root: 'project root (default: the current directory)',
    drafts: 'include entries with `draft: true`',
    port: 'port on 127.0.0.1 (default 1111; a free one if taken)',
  },
  async run(args, io) {
    const port = String(args.values.port);
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
      io.stderr.write(`galley: Unexpected --port \`${port}\`, expected a number from 0 to 65535\n  hint: use --port 0 for any free port\n`);
      return ExitCode.usage;
    }
    const root = path.resolve(io.cwd, String(args.values.root ?? '.'));
    // Runs until interrupted; Ctrl-C stops watching and serving, then exits 0. The handlers come
    // first, so a Ctrl-C during the first build still closes what was started.
    const interrupted = new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    const { startDev } = await import('../../dev/dev-server.ts');
    const dev = await startDev({ root, drafts: Boolean(args.values.drafts), port: Number(port), env: io.env, log: (text) => io.stderr.write(`${text}\n`) });
    io.stdout.write(`galley dev: ${dev.url}\n`);
    await interrupted;
    await dev.close();
    return ExitCode.ok;
  },
};
