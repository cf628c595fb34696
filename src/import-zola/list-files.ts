import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Every file under a folder, `/`-separated and relative to it, sorted; none if it is missing. */
export async function listTree(root: string, prefix = ''): Promise<string[]> {
  if (!existsSync(path.join(root, prefix))) return [];
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listTree(root, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return prefix ? out : out.sort();
}

/** The URL a file of a built site answers: `a/index.html` is `/a/`, anything else itself. */
export function urlForFile(file: string): string {
  const url = `/${file}`;
  return url.endsWith('/index.html') ? url.slice(0, -'index.html'.length) : url;
}
