import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { compareFindings, type Finding } from '../report/finding.ts';
import { scanText, type AllowEntry } from './scan-text.ts';
import { traceToSources } from './trace-sources.ts';

export interface ScanTreeOptions {
  allow: AllowEntry[];
  /** Output-relative path → root-relative source file, to report what the author wrote. */
  sources?: Map<string, string>;
  /** The project root the `sources` paths are relative to (default: the working directory). */
  root?: string;
}

/** Every file under `dir` (POSIX paths relative to it), `.git` excluded; symlinks are not followed. */
async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((rel) => !rel.split('/').includes('.git'))
    .sort();
}

/** Scan every file of an output tree; findings sorted, suppressed ones marked, sources traced. */
export async function scanTree(dir: string, options: ScanTreeOptions): Promise<Finding[]> {
  const files = await listTree(dir);
  const findings: Finding[] = [];
  // Synchronous reads: the tree was just written and sits in the page cache, where 2,000
  // readFileSync calls took 60 ms against 200–300 ms for 16 promise reads in flight (bench).
  for (const rel of files) findings.push(...scanText(rel, readFileSync(path.join(dir, rel)), { allow: options.allow }));
  // Output order, so the n-th occurrence in a page is the n-th finding traced.
  findings.sort(compareFindings);
  const placed = options.sources ? await traceToSources(findings, options.sources, options.root ?? process.cwd()) : findings;
  return placed.sort(compareFindings);
}
