import { cp, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from './temp-dir.ts';

export const projectRoot = path.resolve(import.meta.dirname, '../..');

/**
 * A throwaway galley project: the fixture base (one valid entry, a public image), this
 * checkout's vendored htmx and pins, galley linked in node_modules, then `overlay` on top.
 */
export async function fixtureProject(overlay?: string): Promise<string> {
  const dir = await tempDir('galley-fixture-');
  await cp(path.join(projectRoot, 'test/fixtures/_base'), dir, { recursive: true });
  await cp(path.join(projectRoot, 'vendor'), path.join(dir, 'vendor'), { recursive: true });
  await mkdir(path.join(dir, 'node_modules'), { recursive: true });
  await symlink(projectRoot, path.join(dir, 'node_modules', 'galley'));
  if (overlay) await cp(overlay, dir, { recursive: true, force: true });
  return dir;
}
