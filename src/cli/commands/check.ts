import type { Command } from '../command.ts';
import { buildOptions, runBuild } from './build.ts';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Run every gate without writing the site',
  usage: '[--drafts] [--root DIR] [--format text|json] [--no-cache]',
  options: buildOptions,
  describe: {
    drafts: 'include entries with `draft: true`',
    root: 'project root (default: the current directory)',
    format: 'findings as `text` (path:line:col) or `json`',
    'no-cache': 'neither read nor write the content-hash cache in .galley/cache',
  },
  run: (args, io) => runBuild(args, io, false),
};
