import path from 'node:path';
import type { Config } from '../config/schema.ts';

/**
 * The built site that publish, diff and `npm start` hand to `publishSite`: the configured output
 * directory, which must hold `.galley/manifest.json`.
 */
export async function siteToPublish(root: string, config: Config): Promise<string> {
  return path.join(root, config.paths.output);
}
