import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listTree } from '../output/list-tree.ts';
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

export interface ScanFilesOptions extends ScanTreeOptions {
  /** Keeps a file's findings between scans (the build keeps them by the file's hash). */
  memo?: (rel: string, scan: () => Finding[]) => Finding[];
}

/** Scan every file of an output tree, `.git` excluded; findings sorted, suppressed ones marked, sources traced. */
export async function scanTree(dir: string, options: ScanTreeOptions): Promise<Finding[]> {
  const files = (await listTree(dir)).filter((rel) => !rel.split('/').includes('.git'));
  // Synchronous reads: the tree was just written and sits in the page cache, where 2,000
  // readFileSync calls took 60 ms against 200–300 ms for 16 promise reads in flight (bench).
  return scanFiles(files, (rel) => readFileSync(path.join(dir, rel)), options);
}

/** Scan the files `read` gives by their `/`-separated paths; findings sorted, suppressed ones marked, sources traced. */
export async function scanFiles(files: readonly string[], read: (rel: string) => string | Uint8Array, options: ScanFilesOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const rel of files) {
    const scan = () => scanText(rel, read(rel), { allow: options.allow });
    findings.push(...(options.memo ? options.memo(rel, scan) : scan()));
  }
  // Output order, so the n-th occurrence in a page is the n-th finding traced.
  findings.sort(compareFindings);
  const placed = options.sources ? await traceToSources(findings, options.sources, options.root ?? process.cwd()) : findings;
  return placed.sort(compareFindings);
}
