import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import type { DocsPage } from '../render-cluster.ts';
import { chaptersInOrder, parseSummary } from './summary.ts';

/** One chapter's Markdown and the file it is reported at. */
export interface ChapterSource {
  markdown: string;
  file: string;
}

/** Summaries and chapters gathered for the book, in reading order of their summaries. */
export interface BookSources {
  summaries: VFile[];
  chapters: Map<string, ChapterSource>;
}

/** Generated chapters are reported under this prefix: they have no file on disk. */
export const GENERATED = 'generated:';

/**
 * The hand-written chapters: `<dir>/SUMMARY.md` (mdBook's grammar) and every Markdown file it
 * lists, relative to it. A missing directory or SUMMARY.md is no error: the book is then generated only.
 */
export async function readHandWritten(root: string, dir: string, into: BookSources): Promise<number> {
  const summaryPath = path.join(root, dir, 'SUMMARY.md');
  if (!existsSync(summaryPath)) return 0;
  const display = (rel: string): string => path.posix.join(dir.split(path.sep).join('/'), rel);
  const file = new VFile({ path: display('SUMMARY.md'), value: await readFile(summaryPath, 'utf8') });
  into.summaries.push(file);
  let count = 0;
  // Parse a copy: the build parses the summary again and reports its findings once.
  for (const c of chaptersInOrder(parseSummary(new VFile({ path: file.path, value: file.value })))) {
    const abs = path.join(root, dir, ...c.source!.split('/'));
    if (into.chapters.has(c.source!) || !existsSync(abs)) continue;
    into.chapters.set(c.source!, { markdown: await readFile(abs, 'utf8'), file: display(c.source!) });
    count += 1;
  }
  return count;
}

/** Generated pages (one of them its chapter's `SUMMARY.md`) added to the book. */
export function addGenerated(pages: DocsPage[], into: BookSources, prefix = ''): void {
  for (const page of pages) {
    const bookPath = path.posix.join(prefix, page.path);
    if (page.path === 'SUMMARY.md') into.summaries.push(new VFile({ path: `${GENERATED}${bookPath}`, value: page.markdown }));
    else into.chapters.set(bookPath, { markdown: page.markdown, file: `${GENERATED}${bookPath}` });
  }
}
