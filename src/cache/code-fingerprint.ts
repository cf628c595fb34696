import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../render/package-root.ts';
import { GENERATOR_VERSION } from '../version.ts';

let memo: string | undefined;

/**
 * What the rendered output depends on besides the project: galley's own code (the bundle it
 * runs from, or its sources under tsx), the installed version of each dependency and node's
 * version. Part of every cache key, so a changed galley never reuses another galley's pages.
 */
export function codeFingerprint(): string {
  if (memo) return memo;
  const root = packageRoot();
  const hash = createHash('sha256').update(`${GENERATOR_VERSION}\0${process.version}\0`);
  const fromBundle = import.meta.url.endsWith('.mjs');
  const dirs = fromBundle ? [import.meta.dirname] : [path.join(root, 'src'), path.join(root, 'templates')];
  for (const dir of dirs) {
    const names = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((n) => /\.(m?js|ts|css|svg)$/.test(n))
      .sort();
    for (const name of names) hash.update(`${name}\0`).update(readFileSync(path.join(dir, name))).update('\0');
  }
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const dep of Object.keys(pkg.dependencies ?? {}).sort()) hash.update(`${dep}@${installedVersion(root, dep)}\0`);
  memo = hash.digest('hex');
  return memo;
}

function installedVersion(root: string, dep: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(root, 'node_modules', dep, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unresolved';
  }
}
