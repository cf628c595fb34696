import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Finding } from '../../report/finding.ts';
import { ExitCode, GalleyError } from '../../report/galley-error.ts';

const run = promisify(execFile);

/** deploy/nix/fleet.nix of this checkout (the projection galley's schema is written for). */
export const FLEET_NIX = path.resolve(import.meta.dirname, '../../../deploy/nix/fleet.nix');

// Paths and roles travel in the environment, so no quoting of them into Nix source is needed.
const EXPR = 'import (builtins.getEnv "GALLEY_FLEET_NIX") { flake = builtins.getFlake (builtins.getEnv "GALLEY_FLEET_FLAKE"); roles = builtins.fromJSON (builtins.getEnv "GALLEY_FLEET_ROLES"); }';

/**
 * `--fleet DIR`: evaluate fleet.nix over the flake in DIR, as its header shows. When nix fails,
 * its own error is the finding (`fleet-nix-eval`), placed at the flake file it names.
 */
export async function evalFleet(flakeDir: string, roles: Record<string, string>, env: NodeJS.ProcessEnv, display: string): Promise<{ text?: string; findings: Finding[] }> {
  const childEnv = { ...env, GALLEY_FLEET_NIX: FLEET_NIX, GALLEY_FLEET_FLAKE: flakeDir, GALLEY_FLEET_ROLES: JSON.stringify(roles) };
  try {
    const { stdout } = await run('nix', ['eval', '--extra-experimental-features', 'nix-command flakes', '--impure', '--json', '--expr', EXPR], { env: childEnv, maxBuffer: 64 * 1024 * 1024 });
    return { text: stdout, findings: [] };
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stderr?: string };
    if (failed.code === 'ENOENT') {
      throw new GalleyError('Unexpected missing `nix`, expected it on PATH to evaluate the fleet flake', {
        exitCode: ExitCode.usage, ruleId: 'fleet-nix-eval', hint: 'install Nix (2.8 or later), or pass `--fleet` a fleet.json made where Nix is', cause: error,
      });
    }
    return { findings: [nixFinding(failed.stderr ?? '', flakeDir, display)] };
  }
}

/** nix's message (its `error:` lines, without the trace advice) at the first flake file it points to. */
function nixFinding(stderr: string, flakeDir: string, display: string): Finding {
  const at = /\/nix\/store\/[0-9a-z]{32}-source\/([^\s:]+):(\d+):(\d+)/.exec(stderr);
  const message = stderr.split('\n').filter((l) => !/^\(use '--show-trace'/.test(l.trim()) && l.trim() !== '')
    .map((l) => l.replace(/^error: /, '')).join(' ').replace(/\s+/g, ' ').trim();
  return {
    file: at ? path.posix.join(display, at[1]!) : path.posix.join(display, 'flake.nix'),
    line: at ? Number(at[2]) : 1,
    column: at ? Number(at[3]) : 1,
    ruleId: 'fleet-nix-eval',
    severity: 'error',
    source: 'fleet',
    message: `Unexpected nix evaluation error, expected the fleet projection: ${message || 'nix exited without a message'}`,
    hint: 'That is nix\'s own error over the flake: fix the configuration it names (`nix eval --show-trace` shows how it was reached).',
  };
}
