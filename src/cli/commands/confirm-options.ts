import type { Config } from '../../config/schema.ts';
import type { Manifest } from '../../output/manifest.ts';
import type { ServedEvidence } from '../../publish/release-evidence.ts';
import { ExitCode, GalleyError } from '../../report/galley-error.ts';
import type { CommandArgs } from '../command.ts';

/** The served-proof flags of publish and rollback (publish/served-proof.ts). */
export const confirmOptions = {
  'no-confirm': { type: 'boolean' },
  'confirm-url': { type: 'string' },
  'confirm-timeout': { type: 'string' },
  'no-sync-request': { type: 'boolean' },
} as const;

export const confirmDescription = {
  'no-confirm': 'push without waiting for the site to serve it; nothing is tagged known-good',
  'confirm-url': 'the address to prove the release at (default publish.confirm.url, else site.baseUrl)',
  'confirm-timeout': 'seconds to wait for it (default three sync intervals plus 30)',
  'no-sync-request': 'do not ask the sidecars to sync now (signed POST to the address); wait for their poll',
};

export interface ServedCheck {
  /** Undefined with `--no-confirm`: publish then tags nothing. */
  confirm?: (commit: string, manifest: Manifest) => Promise<ServedEvidence>;
  /** `, served by URL (N files match)` once proven, else ''. */
  said(): string;
}

/** `signingKey` signs the sync-now requests sent while the address lags. */
export async function servedCheck(values: CommandArgs['values'], config: Config, signingKey: string, progress?: (line: string) => void): Promise<ServedCheck> {
  const timeout = values['confirm-timeout'] as string | undefined;
  if (timeout !== undefined && !(Number(timeout) > 0)) {
    throw new GalleyError(`Unexpected \`--confirm-timeout ${timeout}\`, expected a number of seconds`, { exitCode: ExitCode.usage, ruleId: 'publish-usage', hint: 'e.g. `--confirm-timeout 300`' });
  }
  if (values['no-confirm'] === true) return { said: () => '' };
  const [{ proofTarget, proveServed }, { syncNudge }] = await Promise.all([import('../../publish/served-proof.ts'), import('../../publish/request-sync.ts')]);
  const target = proofTarget(config, { url: values['confirm-url'] as string | undefined, timeoutSeconds: timeout === undefined ? undefined : Number(timeout), progress });
  if (values['no-sync-request'] !== true) target.nudge = syncNudge(target.url, signingKey, progress);
  let checked = 0;
  return {
    confirm: async (commit, manifest) => {
      const evidence = await proveServed(target, commit, manifest);
      checked = evidence.filesChecked;
      return evidence;
    },
    said: () => (checked > 0 ? `, served by ${target.url} (${checked} files match)` : ''),
  };
}
