import { ExitCode, GalleyError } from '../report/galley-error.ts';
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
  const result = syncOptionsSchema.safeParse(optionsFromEnv(env, flags));
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  throw new GalleyError(
    missing ? `Unexpected missing --${kebab(key)}, expected a value` : `Unexpected value for --${kebab(key)}: ${issue.message}`,
    {
      exitCode: ExitCode.usage,
      ruleId: 'sync-option',
      hint: `pass --${kebab(key)} or set ${envName(key)}; see \`galley sync --help\``,
    },
  );
}
