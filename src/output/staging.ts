import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * A fresh staging directory. Beside the output when it will be swapped in (a rename needs the
 * same file system), in the OS temp dir for a check that writes nothing.
 */
export async function createStaging(outDir: string, forSwap: boolean): Promise<string> {
  if (!forSwap) return mkdtemp(path.join(os.tmpdir(), 'galley-check-'));
  const dir = path.join(path.dirname(outDir), `.${path.basename(outDir)}.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Write one file under the staging dir; `rel` is a POSIX output path that was validated upstream. */
export async function writeOutput(stagingDir: string, rel: string, data: string | Uint8Array): Promise<void> {
  const abs = path.join(stagingDir, ...rel.split('/'));
  if (!abs.startsWith(stagingDir + path.sep)) throw new Error(`refusing to write outside the output: ${rel}`);
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, data);
}

/**
 * Replace `outDir` by the staging dir: two renames, so a reader sees the old tree or the new
 * one, and a crash in between leaves the old tree beside it, never a half-written `site/`.
 */
export async function swapIn(stagingDir: string, outDir: string): Promise<void> {
  const old = `${stagingDir}.old`;
  let hadOld = true;
  try {
    await rename(outDir, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    hadOld = false;
  }
  await rename(stagingDir, outDir);
  if (hadOld) await rm(old, { recursive: true, force: true });
}

export async function removeStaging(stagingDir: string): Promise<void> {
  await rm(stagingDir, { recursive: true, force: true });
}
