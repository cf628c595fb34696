import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../report/finding.ts';
import { hasErrors } from '../report/finding.ts';
import type { DocsPage } from './render-cluster.ts';

/** A gate over a staged tree: its findings (errors block the write). */
export type TreeGate = (dir: string) => Promise<Finding[]>;

/**
 * Write pages into a staging directory beside `out`, run the gate over it, and only if it finds
 * no error swap it in by rename; otherwise remove it, so a failed run leaves `out` as it was.
 */
export async function writePages(pages: DocsPage[], out: string, gate: TreeGate): Promise<Finding[]> {
  const parent = path.dirname(path.resolve(out));
  await mkdir(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = path.join(parent, `.${path.basename(out)}.staging-${tag}`);
  try {
    for (const page of pages) {
      const file = path.join(staging, ...page.path.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, page.markdown);
    }
    const findings = await gate(staging);
    if (hasErrors(findings)) return findings.map((f) => ({ ...f, file: relocate(f.file, staging, out) }));
    const old = path.join(parent, `.${path.basename(out)}.old-${tag}`);
    if (existsSync(out)) await rename(out, old);
    await rename(staging, out);
    await rm(old, { recursive: true, force: true });
    return findings;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Report a staged file by the path it would have had in `out`. */
function relocate(file: string, staging: string, out: string): string {
  const rel = path.isAbsolute(file) ? path.relative(staging, file) : file;
  return path.join(out, rel).split(path.sep).join('/');
}
