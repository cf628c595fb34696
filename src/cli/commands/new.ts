import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config/load-config.ts';
import { scaffoldEntry, scaffoldPage } from '../../content/scaffold-entry.ts';
import { ExitCode } from '../../report/galley-error.ts';
import type { Command } from '../command.ts';

export const newCommand: Command = {
  name: 'new',
  summary: 'Scaffold an entry or, with --page, a page (a draft whose TODO parts are left to write)',
  usage: '"Title" [--page] [--root DIR]',
  options: { root: { type: 'string' }, page: { type: 'boolean' } },
  describe: { root: 'project root (default: the current directory)', page: 'a page under content/pages/ (served at /<slug>/), not an entry' },
  allowPositionals: true,
  async run(args, io) {
    const title = args.positionals.join(' ').trim();
    const { slugify } = await import('../../markdown/slugify.ts');
    const slug = slugify(title);
    if (!title || !slug) {
      io.stderr.write('galley new: Unexpected empty title, expected `galley new "Title"`\n  hint: the title gives the file name by the slug rule\n');
      return ExitCode.usage;
    }
    const { config, root } = await loadConfig(path.resolve(io.cwd, String(args.values.root ?? '.')));
    const page = args.values.page === true;
    const rel = path.posix.join(config.paths.content, page ? 'pages' : 'entries', `${slug}.md`);
    const file = path.join(root, rel);
    if (existsSync(file)) {
      io.stderr.write(`galley new: Unexpected existing ${rel}, expected a new file\n  hint: choose another title, or edit the existing ${page ? 'page' : 'entry'}\n`);
      return ExitCode.usage;
    }
    await mkdir(path.dirname(file), { recursive: true });
    if (page) {
      await writeFile(file, scaffoldPage(title), { flag: 'wx' });
      io.stdout.write(`galley: wrote ${rel} (a draft, served at /${slug}/)\nWrite its text in place of the TODO, then set \`draft: false\`.\n`);
      return ExitCode.ok;
    }
    const epoch = Number(io.env.SOURCE_DATE_EPOCH);
    const date = new Date(Number.isFinite(epoch) && io.env.SOURCE_DATE_EPOCH ? epoch * 1000 : Date.now()).toISOString().slice(0, 10);
    await writeFile(file, scaffoldEntry(title, date, config), { flag: 'wx' });
    io.stdout.write(
      `galley: wrote ${rel} (a draft)\n` +
        'Write the parts marked TODO: the summary, the verification claim and method, the lede, each section,\n' +
        "the skeptic's view and the one concrete action; `galley check --drafts` lists what is left.\n" +
        'Then set `draft: false`.\n',
    );
    return ExitCode.ok;
  },
};
