import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every regular file under `dir`, `/`-separated and relative to it, sorted; none if `dir` is
 * missing. Symlinks are not followed; `links` lists them too, as names.
 */
export async function listTree(dir: string, options: { links?: boolean } = {}): Promise<string[]> {
  let entries;
  try {
    // With file types: without them node 20 stats every name to find the folders (4,000 entries:
    // 36–70 ms against 4 ms).
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((e) => e.isFile() || (options.links === true && e.isSymbolicLink()))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}
