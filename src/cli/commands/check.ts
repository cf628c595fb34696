import type { Command } from '../command.ts';
import { buildOptions, runBuild } from './build.ts';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Run every gate without writing the site',
  usage: '[--external] [--drafts] [--root DIR] [--format text|json] [--no-cache]',
  options: { ...buildOptions, external: { type: 'boolean' } },
  describe: {
    external: 'also ask every http(s) link of the entries for an answer (network; linkinator)',
    drafts: 'include entries with `draft: true`',
    root: 'project root (default: the current directory)',
    format: 'findings as `text` (path:line:col) or `json`',
    'no-cache': 'neither read nor write the content-hash cache in .galley/cache',
  },
  async run(args, io) {
    if (!args.values.external) return runBuild(args, io, false);
    // Loaded for this flag only: the network check is no part of a build.
    const [{ gates }, { externalLinksGate }] = await Promise.all([import('../../pipeline/gates.ts'), import('../../links/check-external.ts')]);
    return runBuild(args, io, false, [...gates, externalLinksGate]);
  },
};
