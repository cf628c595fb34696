import type { Config } from '../../config/schema.ts';
import type { Manifest } from '../../output/manifest.ts';
import { ExitCode, GalleyError } from '../../report/galley-error.ts';
import type { CommandArgs } from '../command.ts';

/** The served-proof flags of publish and rollback (publish/served-proof.ts). */
export const confirmOptions = {
  'no-confirm': { type: 'boolean' },
  'confirm-url': { type: 'string' },
  'confirm-timeout': { type: 'string' },
} as const;

export const confirmDescription = {
  'no-confirm': 'push without waiting for the site to serve it; nothing is tagged known-good',
  'confirm-url': 'the address to prove the release at (default publish.confirm.url, else site.baseUrl)',
  'confirm-timeout': 'seconds to wait for it (default three sync intervals plus 30)',
};

export interface ServedCheck {
  /** Undefined with `--no-confirm`: publish then tags nothing. */
  confirm?: (commit: string, manifest: Manifest) => Promise<void>;
  /** `, served by URL (N files match)` once proven, else ''. */
  said(): string;
}

export async function servedCheck(values: CommandArgs['values'], config: Config, progress?: (line: string) => void): Promise<ServedCheck> {
  const timeout = values['confirm-timeout'] as string | undefined;
  if (timeout !== undefined && !(Number(timeout) > 0)) {
    throw new GalleyError(`Unexpected \`--confirm-timeout ${timeout}\`, expected a number of seconds`, { exitCode: ExitCode.usage, ruleId: 'publish-usage', hint: 'e.g. `--confirm-timeout 300`' });
  }
  if (values['no-confirm'] === true) return { said: () => '' };
  const { proofTarget, proveServed } = await import('../../publish/served-proof.ts');
  const target = proofTarget(config, { url: values['confirm-url'] as string | undefined, timeoutSeconds: timeout === undefined ? undefined : Number(timeout), progress });
  let checked = 0;
  return {
    confirm: async (commit, manifest) => void (checked = await proveServed(target, commit, manifest)),
    said: () => (checked > 0 ? `, served by ${target.url} (${checked} files match)` : ''),
  };
}
