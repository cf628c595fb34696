import { existsSync, readdirSync } from 'node:fs';
import { copyFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE } from '../config/load-config.ts';
import { packageRoot } from '../render/package-root.ts';
import type { Finding } from '../report/finding.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import type { ImportResult } from './import-site.ts';
import { mergeConfig } from './merge-config.ts';
import { fileForUrl, redirectPage } from './redirect-page.ts';

export const REPORT_FILE = 'import-report.md';

/** Refuse to write over an existing galley project unless asked to. */
export function assertWritable(outDir: string, force: boolean): void {
  if (force) return;
  const entriesDir = path.join(outDir, 'content', 'entries');
  const taken = existsSync(path.join(outDir, CONFIG_FILE)) || (existsSync(entriesDir) && readdirSync(entriesDir).length > 0);
  if (taken) {
    throw new GalleyError(`Unexpected galley project in ${path.basename(outDir) || outDir}, expected an empty output directory`, {
      exitCode: ExitCode.usage,
      ruleId: 'import-out-not-empty',
      hint: 'Pass `--out` a new directory, `--into` to add the site to this project, or `--force` to overwrite the files the import writes.',
    });
  }
}

/** One file the import writes: its text, or the file it is a copy of. */
type Write = { rel: string; text: string } | { rel: string; copy: string };

/** Every file of the imported project except site.config.ts and vendor/, relative to its root. */
function importFiles(result: ImportResult, report: string): Write[] {
  return [
    ...result.entries.map((e) => ({ rel: e.file, text: e.source })),
    ...[...result.files.redirects].map(([url, target]) => ({ rel: path.join('public', fileForUrl(url)), text: redirectPage(target) })),
    ...[...result.files.copies].map(([rel, source]) => ({ rel: result.bundled.get(rel) ?? path.join('public', rel), copy: source })),
    { rel: REPORT_FILE, text: report },
  ];
}

async function put(root: string, writes: readonly Write[]): Promise<void> {
  for (const w of writes) {
    const file = path.join(root, w.rel);
    await mkdir(path.dirname(file), { recursive: true });
    if ('copy' in w) await copyFile(w.copy, file);
    else await writeFile(file, w.text);
  }
}

/** Write the imported project: config, entries and pages, `public/` (redirects, static files, assets), vendor/, report. */
export async function writeImport(result: ImportResult, outDir: string, report: string): Promise<void> {
  await put(outDir, [{ rel: CONFIG_FILE, text: result.siteConfig }, ...importFiles(result, report)]);
  await copyVendor(outDir);
}

/**
 * Add the imported site to an existing galley project: its entries, pages and `public/` files
 * beside the project's own, the fields and feeds it needs added to site.config.ts. Any file that
 * exists already refuses the import (exit 2), and then nothing is written.
 */
export async function writeInto(result: ImportResult, root: string, report: string): Promise<void> {
  const configFile = path.join(root, CONFIG_FILE);
  if (!existsSync(configFile)) {
    throw new GalleyError(`Unexpected directory without ${CONFIG_FILE}, expected a galley project for \`--into\``, {
      exitCode: ExitCode.usage,
      ruleId: 'import-into-no-project',
      hint: 'Run it in the project root (`--into .`), or use `--out` for a new project.',
    });
  }
  const writes = importFiles(result, report);
  const taken = writes.filter((w) => existsSync(path.join(root, w.rel)));
  if (taken.length > 0) {
    const findings: Finding[] = taken.map((w) => ({ file: w.rel, line: 1, column: 1, ruleId: 'import-into-exists', severity: 'error', message: `Unexpected existing ${w.rel}, expected the import to add files only`, hint: 'Move or rename it (or the Zola page that becomes it), then import again; nothing was written.' }));
    throw new GalleyError(`Unexpected ${taken.length} file(s) the import would overwrite, expected none`, { exitCode: ExitCode.usage, ruleId: 'import-into-exists', findings, hint: 'Nothing was written.' });
  }
  const config = await mergeConfig(root, await readFile(configFile, 'utf8'), { fields: result.fields, feeds: result.files.feeds, listings: result.files.listings, paginateBy: result.files.paginateBy });
  await put(root, [...writes, ...(config === undefined ? [] : [{ rel: CONFIG_FILE, text: config }])]);
  await copyVendor(root);
}

// The pinned htmx every galley page loads (design §3), as a new project has it.
async function copyVendor(root: string): Promise<void> {
  const vendor = path.join(packageRoot(), 'vendor');
  if (existsSync(vendor) && !existsSync(path.join(root, 'vendor'))) await cp(vendor, path.join(root, 'vendor'), { recursive: true });
}
