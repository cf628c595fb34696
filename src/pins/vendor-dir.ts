import { existsSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../render/package-root.ts';

/**
 * The project's `vendor/`, or galley's own pinned one when the project has none, as a missing
 * `templates/assets/` falls back to galley's: a folder of Markdown (a generated corpus, a fresh
 * import) builds with the htmx galley ships. A project that has `vendor/` is held to it.
 */
export function vendorDir(root: string, configured: string): string {
  const own = path.join(root, configured);
  return existsSync(own) ? own : path.join(packageRoot(), 'vendor');
}
