import { existsSync } from 'node:fs';
import path from 'node:path';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { bookPage, type BookAssets, type BookLink } from '../../../templates/book.ts';
import { scanFiles, type AllowEntry } from '../../leak/index.ts';
import { searchIndex } from '../../search/search-index.ts';
import { createStaging, removeStaging, swapIn, writeOutput } from '../../output/staging.ts';
import { sha256 } from '../../output/manifest.ts';
import { writeManifest } from '../../output/write-manifest.ts';
import type { Provenance as ManifestProvenance } from '../../render/render-context.ts';
import { collectFindings } from '../../report/collect.ts';
import { compareFindings, hasErrors, type Finding } from '../../report/finding.ts';
import { GENERATOR_VERSION } from '../../version.ts';
import { GENERATED, type ChapterSource } from './book-sources.ts';
import { checkBookLinks } from './check-book-links.ts';
import { chapterAnchor, printMain } from './print-page.ts';
import { drawDiagrams } from '../../diagrams/draw-diagrams.ts';
import { findDiagrams } from '../../diagrams/find-diagrams.ts';
import { htmlPath, renderChapter, type RenderedChapter } from './render-chapter.ts';
import { chaptersInOrder, parseSummary, renumber, type SummaryChapter } from './summary.ts';

/** The Markdown of one chapter; `file` is where a finding in it is reported. */
export interface BuildBookOptions {
  title: string;
  language: string;
  /** Chapters per search index (the site's `search.pagesPerIndex`). */
  pagesPerIndex: number;
  /** SUMMARY files read one after another (hand-written first, then the generated chapters). */
  summaries: VFile[];
  /** Book path (`cluster/index.md`) → its Markdown. */
  chapters: Map<string, ChapterSource>;
  /** `generated from <branch> @ <shortsha>; <UTC date>`, on every page. */
  provenance: string;
  /** For `.galley/manifest.json`, so publish can send the book like the site. */
  manifest: ManifestProvenance;
  assets: { assets: BookAssets; files: Map<string, Uint8Array> };
  out: string;
  /** The project root: hand-written chapters' `file` is relative to it (leak findings are traced there). */
  root: string;
  /** false: run every gate and write nothing (`galley docs --check`). */
  write: boolean;
  allow: AllowEntry[];
}

export interface BuildBookResult {
  findings: Finding[];
  ok: boolean;
  pages: number;
}

const stringifier = unified().use(rehypeStringify);

/**
 * SUMMARY → chapters through the site's Markdown pipeline → book pages, `print.html` and
 * the search index of the chapters into a staging tree → link and leak gates over all of it → swap into `out`
 * only when no gate reports an error (design §4, §8).
 */
export async function buildBook(options: BuildBookOptions): Promise<BuildBookResult> {
  const summary = renumber(options.summaries.flatMap((file) => parseSummary(file)));
  const findings: Finding[] = [...collectFindings(options.summaries)];
  const order = chaptersInOrder(summary);
  findings.push(...checkSources(order, options));

  // Each chapter with a file, once, at its first place in the summary (checkSources warns of a second).
  const pages: BookPage[] = [];
  const files: VFile[] = [];
  const placed = new Set<string>();
  const sources = order.map((c) => options.chapters.get(c.source!)).filter((s) => s !== undefined);
  const { diagrams } = await drawDiagrams(sources.flatMap((s) => findDiagrams(s.file, s.markdown)));
  for (const c of order) {
    const source = options.chapters.get(c.source!);
    if (!source || placed.has(c.source!)) continue;
    placed.add(c.source!);
    const file = new VFile({ path: source.file, value: source.markdown });
    files.push(file);
    pages.push({ c, outPath: htmlPath(c.source!), chapter: renderChapter(file, diagrams), file: source.file });
  }
  findings.push(...collectFindings(files));

  const outputs = new Map<string, ReadonlySet<string> | undefined>();
  const texts = new Map<string, string | Uint8Array>();
  const shell = (title: string, outPath: string, current: string | undefined, prev: BookLink | undefined, next: BookLink | undefined, main: RenderedChapter['body']) =>
    stringifier.stringify(bookPage({
      bookTitle: options.title, language: options.language, title, path: outPath, current, summary, pageOf: htmlPath,
      prev, next, main, provenance: options.provenance, assets: options.assets.assets, generator: `galley ${GENERATOR_VERSION}`,
    }));
  const link = (from: string, to: BookPage | undefined): BookLink | undefined =>
    to ? { title: to.c.title, href: path.posix.relative(path.posix.dirname(from), to.outPath) } : undefined;

  pages.forEach(({ c, outPath, chapter }, i) => {
    outputs.set(outPath, new Set(chapter.ids));
    texts.set(outPath, shell(c.title, outPath, c.source, link(outPath, pages[i - 1]), link(outPath, pages[i + 1]), chapter.body));
  });
  const printChapters = pages.map(({ c, outPath, chapter }) => ({ outPath, chapter, title: c.title, number: c.number }));
  const printIds = new Set(printChapters.flatMap(({ outPath, chapter }) => [chapterAnchor(outPath), ...chapter.ids.map((id) => `${chapterAnchor(outPath)}-${id}`)]));
  outputs.set('print.html', printIds);
  texts.set('print.html', shell('Print', 'print.html', undefined, undefined, undefined, printMain(printChapters.map((p) => ({ ...p, body: p.chapter.body })))));
  // The site's search over the chapters as rendered: Pagefind's index, in the book's own tree.
  const chapterPages = pages.map(({ outPath }) => ({ url: outPath, sha256: sha256(texts.get(outPath)!), html: () => texts.get(outPath) as string }));
  for (const [rel, bytes] of (await searchIndex(chapterPages, { language: options.language, pagesPerIndex: options.pagesPerIndex })).files) {
    outputs.set(rel, undefined);
    texts.set(rel, bytes);
  }
  for (const [rel, bytes] of options.assets.files) {
    outputs.set(rel, undefined);
    texts.set(rel, bytes);
  }
  findings.push(...checkBookLinks(pages.map(({ outPath, file, chapter }) => ({ outPath, file, links: chapter.links })), outputs));

  // Scanned as held in memory; a finding in a hand-written chapter is reported where the author wrote it.
  const written = new Map(pages.filter((p) => !p.file.startsWith(GENERATED)).map((p) => [p.outPath, p.file] as const));
  const leaks = await scanFiles([...texts.keys()].sort(), (rel) => texts.get(rel)!, { allow: options.allow, sources: written, root: options.root });
  const sourceFiles = new Set(written.values());
  const display = (f: Finding): string => (sourceFiles.has(f.file) ? path.join(options.root, f.file) : path.join(options.out, f.file));
  findings.push(...leaks.map((f) => ({ ...f, file: path.relative(process.cwd(), display(f)).split(path.sep).join('/') })));
  findings.sort(compareFindings);
  const ok = !hasErrors(findings);
  if (ok && options.write) await writeBook(options.out, texts, options.manifest);
  return { findings, ok, pages: pages.length };
}

/** A chapter as a page of the book: where it goes, its rendering and the file it came from. */
interface BookPage {
  c: SummaryChapter;
  outPath: string;
  chapter: RenderedChapter;
  file: string;
}

/** The pages into a staging tree with their manifest, swapped in whole. */
async function writeBook(out: string, texts: Map<string, string | Uint8Array>, manifest: ManifestProvenance): Promise<void> {
  const staging = await createStaging(out, true);
  try {
    await Promise.all([...texts].map(([rel, data]) => writeOutput(staging, rel, data)));
    await writeManifest(staging, manifest);
    await swapIn(staging, out);
  } finally {
    if (existsSync(staging)) await removeStaging(staging);
  }
}

/** Every SUMMARY entry has its Markdown, and no page is listed twice. */
function checkSources(order: SummaryChapter[], options: BuildBookOptions): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const c of order) {
    const at = { file: c.file, line: c.line, column: 1, severity: 'error' as const, source: 'book' };
    if (!options.chapters.has(c.source!)) {
      findings.push({ ...at, ruleId: 'book-chapter-missing', message: `Unexpected chapter \`${c.source}\` without a file, expected a Markdown file beside SUMMARY.md`, hint: 'Create the file, fix the path, or write `[Title]()` for a chapter not written yet.' });
    } else if (seen.has(c.source!)) {
      findings.push({ ...at, severity: 'warning', ruleId: 'book-chapter-twice', message: `Unexpected second entry for \`${c.source}\`, expected each chapter once`, hint: 'The book shows it at its first place; remove the second entry.' });
    }
    seen.add(c.source!);
  }
  return findings;
}
