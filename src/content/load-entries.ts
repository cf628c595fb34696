import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../report/finding.ts';

export interface EntrySource {
  /** POSIX path relative to the project root, e.g. `content/entries/one-verb.md`. */
  source: string;
  text: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Every `*.md` under `<content>/entries`, sorted, decoded as strict UTF-8 (a BOM is dropped). */
export async function loadEntries(root: string, contentDir: string): Promise<{ entries: EntrySource[]; findings: Finding[] }> {
  const dir = path.join(root, contentDir, 'entries');
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith('.md'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], findings: [] };
    throw error;
  }
  names.sort();
  const entries: EntrySource[] = [];
  const findings: Finding[] = [];
  await Promise.all(
    names.map(async (name, i) => {
      const source = path.posix.join(contentDir.split(path.sep).join('/'), 'entries', name.split(path.sep).join('/'));
      const bytes = await readFile(path.join(dir, name));
      try {
        entries[i] = { source, text: decoder.decode(bytes) };
      } catch {
        findings.push(encodingFinding(source, bytes));
      }
    }),
  );
  return { entries: entries.filter(Boolean), findings };
}

/** Place the first byte that is not UTF-8, so the author can find it. */
function encodingFinding(source: string, bytes: Uint8Array): Finding {
  let lo = 0;
  let hi = bytes.length;
  // The longest valid prefix, by bisection over whole-prefix decodes (stream mode tolerates a cut character).
  const check = new TextDecoder('utf-8', { fatal: true });
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      check.decode(bytes.subarray(0, mid), { stream: true });
      check.decode();
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  const prefix = new TextDecoder().decode(bytes.subarray(0, lo));
  const lines = prefix.split('\n');
  return {
    file: source,
    line: lines.length,
    column: [...lines.at(-1)!].length + 1,
    ruleId: 'content-encoding',
    severity: 'error',
    message: `Unexpected byte 0x${bytes[lo]?.toString(16).padStart(2, '0') ?? '??'} that is not UTF-8, expected UTF-8 text`,
    hint: 'Re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`).',
    source: 'content',
  };
}
