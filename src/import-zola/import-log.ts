import { VFile } from 'vfile';
import { collectFindings } from '../report/collect.ts';
import { emit } from '../report/emit.ts';
import type { Finding } from '../report/finding.ts';

/** What happened to one thing of the Zola site; `needs-person` rows are also findings. */
export type ImportStatus = 'imported' | 'converted' | 'aliased' | 'needs-person';

export interface ImportRow {
  status: ImportStatus;
  /** Path in the Zola site (`content/blog/foo.md`, `config.toml`). */
  file: string;
  line: number;
  subject: string;
  detail: string;
}

export interface Place {
  file: string;
  line?: number;
  column?: number;
}

/**
 * Collects the import's outcome: a row per thing carried over, and for whatever needs a person
 * a placed vfile message (rule id, hint) that is reported like any gate finding.
 */
export class ImportLog {
  readonly rows: ImportRow[] = [];
  readonly #files = new Map<string, VFile>();

  note(status: Exclude<ImportStatus, 'needs-person'>, at: Place, subject: string, detail: string): void {
    this.rows.push({ status, file: at.file, line: at.line ?? 0, subject, detail });
  }

  /**
   * `reason` in the *Unexpected X, expected Y* wording; `subject` names the thing in the table.
   * A warning: the imported site builds, a person should look. `error` is for what fails the build.
   */
  needsPerson(at: Place, subject: string, reason: string, ruleId: string, hint: string, severity: 'warning' | 'error' = 'warning'): void {
    let file = this.#files.get(at.file);
    if (!file) this.#files.set(at.file, (file = new VFile({ path: at.file })));
    emit(file, reason, { place: { line: at.line ?? 1, column: at.column ?? 1 }, ruleId, source: 'import-zola', hint, severity });
    this.rows.push({ status: 'needs-person', file: at.file, line: at.line ?? 1, subject, detail: reason });
  }

  findings(): Finding[] {
    return collectFindings(this.#files.values());
  }

  /** Rows in a stable order (file, line, status, subject) so reports diff cleanly. */
  sorted(): ImportRow[] {
    return [...this.rows].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.status.localeCompare(b.status) || a.subject.localeCompare(b.subject) || a.detail.localeCompare(b.detail),
    );
  }

  get complete(): boolean {
    return !this.rows.some((r) => r.status === 'needs-person');
  }
}
