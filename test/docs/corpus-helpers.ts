import { cp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { parseAllDocuments } from 'yaml';

/** Every file under `dir` by relative path. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, abs), await readFile(abs, 'utf8'));
  }
  return out;
}

/**
 * The encrypted strings of every SOPS document of a tree (values under data/stringData, the
 * `sops` block, anything `ENC[...]`), read independently of the code under test.
 */
export async function sopsPayloads(dir: string): Promise<string[]> {
  const out: string[] = [];
  const collect = (value: unknown, all: boolean): void => {
    if (typeof value === 'string') {
      if ((all && value.length >= 16) || value.startsWith('ENC[')) out.push(value);
    } else if (Array.isArray(value)) value.forEach((v) => collect(v, all));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) collect(v, all || k === 'sops' || k === 'data' || k === 'stringData');
    }
  };
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    const text = await readFile(path.join(entry.parentPath, entry.name), 'utf8');
    if (!/^sops:/m.test(text)) continue;
    for (const doc of parseAllDocuments(text)) {
      const value = doc.toJS({ maxAliasCount: -1 }) as unknown;
      if (value && typeof value === 'object' && 'sops' in value) collect(value, false);
    }
  }
  return out;
}

/** Copy a fixture repository to `dest` as a one-commit git checkout on branch `trunk`; its short sha. */
export async function gitCheckout(source: string, dest: string): Promise<string> {
  await cp(source, dest, { recursive: true });
  const git = simpleGit({ baseDir: dest });
  await git.init(['--initial-branch', 'trunk']);
  await git.add('.');
  await git.raw(['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'fixture']);
  return (await git.revparse(['--short', 'HEAD'])).trim();
}
