import type { UserConfig } from './schema.ts';

/** Identity at run time; gives `site.config.ts` its types and editor completion. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}
