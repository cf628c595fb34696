/**
 * The one place that builds the OpenSSH client command git runs (`GIT_SSH_COMMAND`), shared by
 * publish (write key) and the sync sidecar (read key). Strict by construction: only the given key
 * is offered, the host key must already be pinned, and nothing ever prompts.
 */
export interface SshCommandOptions {
  /** Private key file offered to the server (`-i`). */
  keyPath: string;
  /** The pinned known_hosts file; an unknown or changed host key fails the connection. */
  knownHostsPath: string;
  /** Seconds before an unreachable server is reported (default 10). */
  connectTimeout?: number;
}

export function sshCommand(options: SshCommandOptions): string {
  return [
    'ssh',
    // Ignore the user's ~/.ssh/config: the configured key and pins are the whole truth.
    '-F', '/dev/null',
    '-i', shellQuote(options.keyPath),
    '-o', 'IdentitiesOnly=yes',
    '-o', 'IdentityAgent=none',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${shellQuote(options.knownHostsPath)}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'BatchMode=yes',
    '-o', `ConnectTimeout=${options.connectTimeout ?? 10}`,
  ].join(' ');
}

/** The environment for a git child process that talks SSH with `options`. */
export function gitSshEnv(options: SshCommandOptions): Record<string, string> {
  return { GIT_SSH_COMMAND: sshCommand(options), GIT_SSH_VARIANT: 'ssh', GIT_TERMINAL_PROMPT: '0' };
}

/** POSIX single-quoting; git runs GIT_SSH_COMMAND through `sh -c`. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
