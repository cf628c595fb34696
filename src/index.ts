// The public API: what `site.config.ts` and programmatic users import from 'galley'.
export { defineConfig } from './config/define-config.ts';
export type { Config, UserConfig } from './config/schema.ts';
export { z } from 'zod';
