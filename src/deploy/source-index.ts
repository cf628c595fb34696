import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { isRecord } from './objects.ts';

export interface SourcePlace {
  /** POSIX path relative to the project root. */
  file: string;
  line: number;
  column: number;
}

/**
 * Where each `Kind/name` is written in the YAML sources under `deploy/`. A rendered object has
 * lost its file; the finding about it should still point at the lines an operator edits.
 */
export class SourceIndex {
  readonly #places = new Map<string, SourcePlace>();

  static async build(root: string, dir = 'deploy'): Promise<SourceIndex> {
    const index = new SourceIndex();
    let entries;
    try {
      entries = await readdir(path.join(root, dir), { recursive: true, withFileTypes: true });
    } catch {
      return index;
    }
    const files = entries
      .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      .sort();
    for (const file of files) index.#add(file, await readFile(path.join(root, file), 'utf8'));
    return index;
  }

  #add(file: string, text: string): void {
    const lineCounter = new LineCounter();
    for (const doc of parseAllDocuments(text, { lineCounter })) {
      const value: unknown = doc.errors.length === 0 ? doc.toJS() : undefined;
      if (!isRecord(value) || typeof value.kind !== 'string' || !isRecord(value.metadata)) continue;
      const name = value.metadata.name;
      if (typeof name !== 'string') continue;
      const key = `${value.kind}/${name}`;
      const offset = doc.contents?.range[0] ?? 0;
      const { line, col } = lineCounter.linePos(offset);
      if (!this.#places.has(key)) this.#places.set(key, { file, line, column: col });
    }
  }

  locate(kind: string, name: string): SourcePlace | undefined {
    return this.#places.get(`${kind}/${name}`);
  }
}
