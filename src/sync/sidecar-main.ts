// Entry of the self-contained sidecar bundle (scripts/bundle-sidecar.ts): `galley sync` alone, so
// the image carries no build pipeline. Same flags and variables as `galley sync`.
import { parseArgs } from 'node:util';
import { syncCommand } from '../cli/commands/sync.ts';
import { GalleyError } from '../report/galley-error.ts';

const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, interactive: false };
try {
  const argv = process.argv.slice(2).filter((a) => a !== 'sync');
  if (argv.includes('--help')) {
    process.stdout.write(`galley-sync ${syncCommand.usage}\n\n${syncCommand.summary}\n`);
    for (const [flag, text] of Object.entries(syncCommand.describe ?? {})) process.stdout.write(`  --${flag.padEnd(18)} ${text}\n`);
    process.exit(0);
  }
  const { values, positionals } = parseArgs({ args: argv, options: syncCommand.options, strict: true });
  process.exitCode = await syncCommand.run({ values, positionals }, io);
} catch (error) {
  const err = error as GalleyError;
  process.stderr.write(`galley sync: ${err.message}${err.ruleId ? `  ${err.ruleId}` : ''}\n`);
  if (err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
  process.exitCode = error instanceof GalleyError ? error.exitCode : 2;
}
