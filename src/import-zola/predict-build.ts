import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { buildSite } from '../pipeline/build-site.ts';
import { fileForUrl } from './redirect-page.ts';
import type { ImportResult } from './import-site.ts';

/**
 * Run the build's gates (nothing written) on the project the import just wrote, and report what
 * they find in the imported files as rows placed in the Zola source: a leak in a code block, a
 * placeholder, a broken image, raw HTML the allowlist took out. An error is what fails the build;
 * a removal is a warning, since the text changed. The project's own files are not the import's.
 */
export async function predictBuild(result: ImportResult, root: string, env: NodeJS.ProcessEnv): Promise<void> {
  // Its rows are the imported files' findings, never the search index's (48 s at 4,000 entries).
  // Loading the written site.config.ts compiles it into .galley/cache; a new project gets none
  // from the import (it writes what its report names), a project imported into keeps its own.
  const galleyDir = path.join(root, '.galley');
  const hadGalleyDir = existsSync(galleyDir);
  const { findings } = await buildSite({ root, write: false, cache: false, search: false, env }).finally(() => (hadGalleyDir ? undefined : rm(galleyDir, { recursive: true, force: true })));
  const entries = new Map(result.entries.map((e) => [e.file, e]));
  const copies = new Map([...result.files.copies].map(([rel, source]) => [result.bundled.get(rel) ?? path.join('public', rel), source]));
  const redirects = new Set([...result.files.redirects.keys()].map((url) => path.join('public', fileForUrl(url))));
  for (const f of findings) {
    if (f.suppressed || (f.severity !== 'error' && !f.ruleId.startsWith('html-'))) continue;
    const entry = entries.get(f.file);
    if (!entry && !copies.has(f.file) && !redirects.has(f.file)) continue;
    const at = entry ? { file: entry.from, line: entry.lines[f.line - 1] ?? 1, column: f.column } : { file: f.file, line: f.line, column: f.column };
    result.log.needsPerson(at, `build: ${f.ruleId}`, f.message, f.ruleId, f.hint ?? 'The build reports it at the written file too.', f.severity === 'error' ? 'error' : 'warning');
  }
}
