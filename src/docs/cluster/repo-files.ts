import { readFileSync, readdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { LineCounter, parseAllDocuments } from 'yaml';
import { emit } from '../../report/emit.ts';
import type { Severity } from '../../report/finding.ts';

/** One YAML document of the repository, as a plain object, with where it starts. */
export interface RepoDoc {
  value: Record<string, unknown>;
  /** Repository-relative POSIX path. */
  file: string;
  line: number;
}

export interface ReportOptions {
  line?: number | undefined;
  column?: number | undefined;
  ruleId: string;
  hint?: string;
  severity?: Severity;
}

/**
 * The repository as the walker sees it: files read and parsed once (a file is reached by several
 * Kustomizations), findings kept per file as vfile messages, SOPS documents counted and dropped.
 */
export class RepoFiles {
  readonly root: string;
  readonly vfiles = new Map<string, VFile>();
  /** SOPS-encrypted documents reached, by repository-relative file. */
  readonly sopsSkipped = new Map<string, number>();
  private readonly docs = new Map<string, RepoDoc[]>();
  private readonly texts = new Map<string, string>();
  private readonly stats = new Map<string, Stats | undefined>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Repository-relative POSIX path of an absolute path. */
  rel(abs: string): string {
    return path.relative(this.root, abs).split(path.sep).join('/') || '.';
  }

  abs(rel: string): string {
    return path.resolve(this.root, rel);
  }

  isDir(abs: string): boolean {
    return this.stat(abs)?.isDirectory() ?? false;
  }

  isFile(abs: string): boolean {
    return this.stat(abs)?.isFile() ?? false;
  }

  // Every kustomization level asks for the same few paths; one stat each.
  private stat(abs: string): Stats | undefined {
    if (!this.stats.has(abs)) this.stats.set(abs, statSync(abs, { throwIfNoEntry: false }));
    return this.stats.get(abs);
  }

  /** Entries of a directory, sorted so every walk is deterministic. */
  list(abs: string): string[] {
    return readdirSync(abs).sort();
  }

  /** A file's text, read once. */
  text(abs: string): string {
    let text = this.texts.get(abs);
    if (text === undefined) {
      text = readFileSync(abs, 'utf8');
      this.texts.set(abs, text);
    }
    return text;
  }

  report(file: string, reason: string, options: ReportOptions): void {
    let vfile = this.vfiles.get(file);
    if (!vfile) {
      vfile = new VFile({ path: file });
      this.vfiles.set(file, vfile);
    }
    const place = options.line ? { line: options.line, column: options.column ?? 1 } : undefined;
    emit(vfile, reason, {
      place,
      ruleId: options.ruleId,
      source: 'docs',
      severity: options.severity ?? 'warning',
      ...(options.hint ? { hint: options.hint } : {}),
    });
  }

  /** Every object document of a YAML file; a document that fails to parse is a warning. */
  documents(abs: string): RepoDoc[] {
    const cached = this.docs.get(abs);
    if (cached) return cached;
    const file = this.rel(abs);
    const result: RepoDoc[] = [];
    const lineCounter = new LineCounter();
    // Never split on `---` text: block scalars (PEM armour, ResourceSet templates) hold such lines.
    const parsed = parseAllDocuments(this.text(abs), { lineCounter, prettyErrors: false });
    const all = Array.isArray(parsed) ? parsed : [];
    for (const doc of all) {
      const start = doc.contents?.range?.[0] ?? doc.range[0];
      const line = lineCounter.linePos(start).line;
      if (doc.errors.length > 0) {
        const error = doc.errors[0]!;
        const pos = lineCounter.linePos(error.pos[0]);
        this.report(file, `Unexpected invalid YAML document (${error.code}), expected a parseable manifest`, {
          line: pos.line,
          column: pos.col,
          ruleId: 'docs-yaml-invalid',
          hint: 'the document is left out of the chapter; fix the YAML so Flux can apply it',
        });
        continue;
      }
      // SOPS payloads are counted and dropped before anything reads their fields.
      if (doc.has('sops')) {
        this.sopsSkipped.set(file, (this.sopsSkipped.get(file) ?? 0) + 1);
        continue;
      }
      const value: unknown = doc.toJS({ maxAliasCount: -1 });
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        result.push({ value: value as Record<string, unknown>, file, line });
      }
    }
    this.docs.set(abs, result);
    return result;
  }
}
