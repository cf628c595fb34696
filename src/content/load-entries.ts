import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listTree } from '../output/list-tree.ts';
import type { Finding } from '../report/finding.ts';

export interface EntrySource {
  /** POSIX path relative to the project root, e.g. `content/entries/one-verb.md`. */
  source: string;
  text: string;
}

/** The root-relative POSIX path of every `*.md` under `<content>/entries` and `<content>/pages`, sorted. */
export async function listContentSources(root: string, contentDir: string): Promise<string[]> {
  const content = contentDir.split(path.sep).join('/');
  const lists = await Promise.all(
    ['entries', 'pages'].map(async (kind) => {
      // A symlinked entry is an entry: it is read through the link.
      const names = (await listTree(path.join(root, contentDir, kind), { links: true })).filter((name) => name.endsWith('.md'));
      return names.map((name) => path.posix.join(content, kind, name));
    }),
  );
  return lists.flat();
}

/** One entry's text, or the finding that places its first byte that is not UTF-8. */
export async function readEntrySource(root: string, source: string): Promise<EntrySource | Finding> {
  // One synchronous read each: 1,000 entries took 150 ms through promise reads, 20 ms so
  // (`npm run bench -- build`, warm build), and they are read before anything else can run.
  const bytes = readFileSync(path.join(root, ...source.split('/')));
  if (!isUtf8(bytes)) return encodingFinding(source, bytes);
  const text = bytes.toString('utf8');
  return { source, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
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
