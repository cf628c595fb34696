import { existsSync, readdirSync } from 'node:fs';
import { copyFile, cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../render/package-root.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import type { ImportResult } from './import-site.ts';
import { fileForUrl, redirectPage } from './redirect-page.ts';

export const REPORT_FILE = 'import-report.md';

/** Refuse to write over an existing galley project unless asked to. */
export function assertWritable(outDir: string, force: boolean): void {
  if (force) return;
  const entriesDir = path.join(outDir, 'content', 'entries');
  const taken = existsSync(path.join(outDir, 'site.config.ts')) || (existsSync(entriesDir) && readdirSync(entriesDir).length > 0);
  if (taken) {
    throw new GalleyError(`Unexpected galley project in ${path.basename(outDir) || outDir}, expected an empty output directory`, {
      exitCode: ExitCode.usage,
      ruleId: 'import-out-not-empty',
      hint: 'Pass `--out` a new directory, or `--force` to overwrite the files the import writes.',
    });
  }
}

/** Write the imported project: config, entries and pages, `public/` (redirects, static files, assets), vendor/, report. */
export async function writeImport(result: ImportResult, outDir: string, report: string): Promise<void> {
  const write = async (rel: string, text: string): Promise<void> => {
    const file = path.join(outDir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  };
  await write('site.config.ts', result.siteConfig);
  for (const entry of result.entries) await write(entry.file, entry.source);
  for (const [url, target] of result.files.redirects) await write(path.join('public', fileForUrl(url)), redirectPage(target));
  for (const [rel, source] of result.files.copies) {
    const file = path.join(outDir, 'public', rel);
    await mkdir(path.dirname(file), { recursive: true });
    await copyFile(source, file);
  }
  // The pinned htmx every galley page loads (design §3), as a new project has it.
  const vendor = path.join(packageRoot(), 'vendor');
  if (existsSync(vendor) && !existsSync(path.join(outDir, 'vendor'))) await cp(vendor, path.join(outDir, 'vendor'), { recursive: true });
  await write(REPORT_FILE, report);
}
