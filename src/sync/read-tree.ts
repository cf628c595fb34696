import { SyncFailure } from './failure.ts';
import { gitText, runGit } from './run-git.ts';

export interface TreeBlob {
  path: string;
  object: string;
  size: number;
}

/**
 * Every file of the commit's tree. Only regular files are accepted: a symlink could point outside
 * the release and a submodule has no bytes here, so either refuses the commit.
 */
export async function listTree(gitDir: string, commit: string): Promise<TreeBlob[]> {
  const text = await gitText(['ls-tree', '-r', '-z', '-l', '--full-tree', commit], { gitDir });
  const blobs: TreeBlob[] = [];
  const unsupported: string[] = [];
  for (const record of text.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, object, size] = record.slice(0, tab).split(/ +/);
    const file = record.slice(tab + 1);
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755')) unsupported.push(`${file} (mode ${mode})`);
    else blobs.push({ path: file, object: object!, size: Number(size) });
  }
  if (unsupported.length > 0) {
    throw new SyncFailure('tree-unsupported-entry', `Unexpected ${unsupported.length} non-file entries (${unsupported.slice(0, 3).join(', ')}), expected regular files only`, {
      revision: commit,
      details: unsupported,
      hint: 'the deploy repository holds the rendered site only: no symlinks, no submodules',
    });
  }
  return blobs;
}

/** Read blobs through one `git cat-file --batch`, in the order asked. */
export async function readBlobs(gitDir: string, objects: string[]): Promise<Buffer[]> {
  if (objects.length === 0) return [];
  const result = await runGit(['cat-file', '--batch'], { gitDir, input: `${objects.join('\n')}\n` });
  if (result.code !== 0) throw new Error(`git cat-file failed: ${result.stderr.trim()}`);
  const out = result.stdout;
  const blobs: Buffer[] = [];
  let at = 0;
  for (const object of objects) {
    const eol = out.indexOf(0x0a, at);
    const header = out.subarray(at, eol).toString('latin1').split(' ');
    if (header[1] !== 'blob') throw new Error(`git cat-file: object ${object} is ${header[1] ?? 'unreadable'}`);
    const size = Number(header[2]);
    blobs.push(out.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return blobs;
}
