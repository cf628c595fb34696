import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every regular file under `dir`, `/`-separated and relative to it, sorted; none if `dir` is
 * missing. Symlinks are not followed.
 */
export async function listTree(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}
