import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { sshCommand } from '../publish/ssh-command.ts';
import { envName, optionsFromEnv, syncOptionsSchema, type SyncOptions } from './options.ts';

/** `--allowed-signers` → `allowedSigners`. */
export function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Flags over `GALLEY_SYNC_*` over defaults; a bad or missing value is a usage error naming both. */
export function parseSyncOptions(values: Record<string, unknown>, env: NodeJS.ProcessEnv): SyncOptions {
  const flags: Record<string, unknown> = {};
  for (const [flag, value] of Object.entries(values)) flags[camel(flag)] = value;
  const merged = optionsFromEnv(env, flags);
  const result = syncOptionsSchema.safeParse(merged);
  if (result.success) return withSshCommand(result.data);
  const issue = result.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const value = merged[key];
  throw new GalleyError(
    value === undefined
      ? `Unexpected missing --${kebab(key)}, expected a value`
      : issue.code === 'custom'
        ? `Unexpected --${kebab(key)} value \`${String(value)}\`, ${issue.message}`
        : `Unexpected --${kebab(key)} value \`${String(value)}\`: ${issue.message}`,
    {
      exitCode: ExitCode.usage,
      ruleId: 'sync-option',
      hint: `pass --${kebab(key)} or set ${envName(key)}; see \`galley sync --help\``,
    },
  );
}

/** `--identity` + `--known-hosts` become git's SSH command; both or neither, and not with `--ssh-command`. */
function withSshCommand(options: SyncOptions): SyncOptions {
  const usage = (message: string, hint: string): GalleyError => new GalleyError(message, { exitCode: ExitCode.usage, ruleId: 'sync-option', hint });
  if (options.identity === undefined && options.knownHosts === undefined) return options;
  if (options.sshCommand !== undefined) {
    throw usage('Unexpected --ssh-command with --identity/--known-hosts, expected one or the other', 'the command is built from the read key and known_hosts; drop --ssh-command');
  }
  if (options.identity === undefined || options.knownHosts === undefined) {
    const missing = options.identity === undefined ? 'identity' : 'knownHosts';
    throw usage(`Unexpected missing --${kebab(missing)}, expected the read key and the pinned known_hosts together`, `pass --${kebab(missing)} or set ${envName(missing)}`);
  }
  return { ...options, sshCommand: sshCommand({ keyPath: options.identity, knownHostsPath: options.knownHosts }) };
}
