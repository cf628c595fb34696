import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importZolaSite, type ImportResult } from '../../src/import-zola/import-site.ts';
import { reportMarkdown } from '../../src/import-zola/import-report.ts';
import { writeImport } from '../../src/import-zola/write-import.ts';
import { tempDir } from '../helpers/temp-dir.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = path.join(projectRoot, 'test/fixtures/zola-site');
export const fixtureInput = path.join(fixture, 'input');
/** The fixture Zola sites: a blog (dated posts, taxonomies, feeds) and a docs site (nested sections, undated pages). */
export const fixtureSites = ['zola-site', 'zola-docs'].map((name) => ({ name, dir: path.join(projectRoot, 'test/fixtures', name) }));

/** Import a Zola site into `out` as a galley project a user could build (no node_modules: galley supplies itself). */
export async function importProject(zolaDir: string, out: string, options: { looseSections?: boolean } = {}): Promise<ImportResult> {
  const result = await importZolaSite(zolaDir, options);
  await writeImport(result, out, reportMarkdown(result, path.basename(zolaDir)));
  return result;
}

/** A Zola site of `files` (path → text) in a new temporary folder; its path. */
export async function zolaSite(files: Record<string, string>): Promise<string> {
  const dir = path.join(await tempDir(), 'zola');
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return dir;
}
