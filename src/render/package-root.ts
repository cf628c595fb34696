import { existsSync } from 'node:fs';
import path from 'node:path';

/** galley's own install directory (from `src/render/` or from the `dist/` bundle). */
export function packageRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('galley: cannot find its own package.json');
    dir = parent;
  }
  return dir;
}
