import { copyFileSync, linkSync, mkdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dirsUnchanged, stampDirs, stampFile, type DirStamps, type Stamps } from './file-stamps.ts';
import { createStaging, swapIn } from './staging.ts';

/** The finished output: every file's hash and size, and its bytes when they are not on disk yet. */
export interface OutputPlan {
  files: Map<string, { sha256: string; size: number }>;
  /** Bytes of files that changed; unchanged files come from the current output. */
  data(rel: string): string | Uint8Array | undefined;
}

/** `unchangedChecker` of the current output: is this path still the file with this hash? */
export type Unchanged = (rel: string, sha256: string) => boolean;

/** Files already written into a staging directory while the entries rendered. */
export interface Staged {
  dir: string;
  written: Map<string, string>;
}

const abs = (dir: string, rel: string) => path.join(dir, ...rel.split('/'));

/**
 * True when `outDir` holds exactly these files as galley wrote them: nothing to do. Without the
 * directory stamps of the same write (a tree `galley dev` changed in place), it is not known.
 */
export function isCurrent(outDir: string, files: Map<string, { sha256: string }>, stamps: Stamps | undefined, dirs: DirStamps | undefined, unchanged: Unchanged): boolean {
  if (!stamps || !dirs || stamps.size !== files.size) return false;
  for (const [rel, file] of files) if (!unchanged(rel, file.sha256)) return false;
  // A file someone added to the output would not be in a fresh build.
  return dirsUnchanged(outDir, dirs);
}

/**
 * A new tree in a staging directory, swapped in whole: unchanged files are hard links to the
 * current output's (a rename never changes what a link points at), changed ones are written.
 */
export async function swapInPlan(outDir: string, plan: OutputPlan, unchanged: Unchanged, staged?: Staged): Promise<{ stamps: Stamps; dirs: DirStamps; written: number }> {
  const dir = staged?.dir ?? (await createStaging(outDir, true));
  const next: Stamps = new Map();
  const made = new Set<string>();
  let written = 0;
  for (const [rel, file] of plan.files) {
    const target = abs(dir, rel);
    if (staged?.written.get(rel) !== file.sha256) {
      ensureDir(path.dirname(target), made);
      if (staged?.written.has(rel)) rmSync(target, { force: true });
      if (unchanged(rel, file.sha256)) linkOrCopy(abs(outDir, rel), target);
      else {
        writeFileSync(target, requireData(rel, plan.data(rel)));
        written++;
      }
    }
    next.set(rel, stampFile(target, file.sha256, file.size));
  }
  await swapIn(dir, outDir);
  // After the swap: the rename into place is the tree's last change.
  return { stamps: next, dirs: stampDirs(outDir, plan.files.keys()), written: written + (staged?.written.size ?? 0) };
}

/**
 * `galley dev`: write the changed files into the served tree, each by rename so a request sees
 * the old file or the new one, and remove what the plan no longer has. The tree is the one this
 * process wrote (the builder checked every page it kept), so stamps are compared without a stat.
 */
export function updateInPlace(outDir: string, plan: OutputPlan, stamps: Stamps): { stamps: Stamps; written: number } {
  const next: Stamps = new Map();
  const made = new Set<string>();
  let written = 0;
  for (const [rel, file] of plan.files) {
    const target = abs(outDir, rel);
    if (stamps.get(rel)?.sha256 !== file.sha256) {
      ensureDir(path.dirname(target), made);
      writeFileSync(`${target}.galley-tmp`, requireData(rel, plan.data(rel)));
      renameSync(`${target}.galley-tmp`, target);
      written++;
      next.set(rel, stampFile(target, file.sha256, file.size));
    } else next.set(rel, stamps.get(rel)!);
  }
  for (const rel of stamps.keys()) {
    if (plan.files.has(rel)) continue;
    rmSync(abs(outDir, rel), { force: true });
    removeEmptyParents(outDir, path.dirname(abs(outDir, rel)));
  }
  return { stamps: next, written };
}

function requireData(rel: string, data: string | Uint8Array | undefined): string | Uint8Array {
  if (data === undefined) throw new Error(`galley: the output file ${rel} changed during the build; build again`);
  return data;
}

function ensureDir(dir: string, made: Set<string>): void {
  if (made.has(dir)) return;
  mkdirSync(dir, { recursive: true });
  made.add(dir);
}

/** A hard link where the file system allows one, else a copy. */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

function removeEmptyParents(root: string, dir: string): void {
  for (let d = dir; d.startsWith(root + path.sep); d = path.dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
  }
}
