import { parseArgs } from 'node:util';
import { didYouMean } from '../report/did-you-mean.ts';
import { ExitCode } from '../report/galley-error.ts';
import { GENERATOR_VERSION } from '../version.ts';
import type { Command, CommandIO } from './command.ts';
import { commands } from './commands/index.ts';
import { reportError } from './report-error.ts';

/** Run the CLI with `argv` (without node and script); returns the exit code. Never throws. */
export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(globalHelp());
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`galley ${GENERATOR_VERSION}\n`);
    return ExitCode.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const suggestion = didYouMean(name, commands.map((c) => c.name));
    io.stderr.write(
      `galley: Unexpected command \`${name}\`, expected one of ${commands.map((c) => c.name).join(', ')}\n` +
        `  hint: ${suggestion ? `did you mean \`galley ${suggestion}\`?` : 'run `galley --help` for the list'}\n`,
    );
    return ExitCode.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(commandHelp(command));
    return ExitCode.ok;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
  } catch (error) {
    io.stderr.write(`galley ${name}: ${(error as Error).message}\n  hint: run \`galley ${name} --help\`\n`);
    return ExitCode.usage;
  }
  try {
    return await command.run({ values: parsed.values, positionals: parsed.positionals }, io);
  } catch (error) {
    return reportError(error, name, io);
  }
}

function globalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `galley ${GENERATOR_VERSION}: build, check and publish an editorial site`,
    '',
    'Usage: galley <command> [options]',
    '',
    'Commands:',
    ...rows,
    '',
    'Run `galley <command> --help` for the options of one command.',
    'Exit codes: 0 ok, 1 findings, 2 usage or configuration error, 3 I/O, network or remote failure.',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const lines = [`galley ${command.name} ${command.usage}`.trimEnd(), '', command.summary, ''];
  const entries = Object.entries(command.options);
  if (entries.length > 0) {
    lines.push('Options:');
    for (const [key, option] of entries) {
      const flag = `--${key}${option.type === 'string' ? ' VALUE' : ''}`;
      lines.push(`  ${flag.padEnd(24)}  ${command.describe?.[key] ?? ''}`.trimEnd());
    }
    lines.push('');
  }
  return lines.join('\n');
}
