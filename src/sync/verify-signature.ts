import { SyncFailure } from './failure.ts';
import { runGit } from './run-git.ts';

export interface SignatureResult {
  /** The principal from the allowed signers file that signed the commit. */
  principal: string;
  /** The signing key's fingerprint (public data). */
  fingerprint: string;
}

/**
 * Verify the commit's SSH signature against the allowed signers, the way `git verify-commit`
 * does with `gpg.ssh.allowedSignersFile`; unsigned and untrusted are told apart for the metric.
 */
export async function verifySignature(gitDir: string, commit: string, allowedSigners: string): Promise<SignatureResult> {
  const raw = await runGit(['cat-file', 'commit', commit], { gitDir });
  const header = raw.stdout.toString('utf8').split('\n\n', 1)[0] ?? '';
  if (!/^gpgsig(-sha256)? /m.test(header)) {
    throw new SyncFailure('signature-missing', `Unexpected unsigned commit ${commit.slice(0, 12)}, expected an SSH signature`, {
      revision: commit,
      hint: 'publish signs every commit with the signing key (`gpg.format=ssh`); was this pushed by hand?',
    });
  }
  const result = await runGit(['verify-commit', '--raw', commit], {
    gitDir,
    config: { 'gpg.ssh.allowedSignersFile': allowedSigners, 'gpg.format': 'ssh' },
  });
  const text = `${result.stdout.toString('utf8')}\n${result.stderr}`;
  const good = /Good "git" signature for (\S+) with \S+ key (SHA256:[A-Za-z0-9+/=]+)/.exec(text);
  if (result.code !== 0 || !good) {
    const key = /key (SHA256:[A-Za-z0-9+/=]+)/.exec(text)?.[1];
    throw new SyncFailure(
      'signature-untrusted',
      `Unexpected signature on ${commit.slice(0, 12)}${key ? ` by ${key}` : ''}, expected one by a key in the allowed signers`,
      { revision: commit, hint: 'add the publisher signing key to allowed_signers (principal, namespaces="git,galley-sync", key)' },
    );
  }
  return { principal: good[1]!, fingerprint: good[2]! };
}
