import type { Root } from 'mdast';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import type { VFile } from 'vfile';

// A table's delimiter row: after any blockquote markers and indent, only `|`, `:`, `-` and
// blanks, with a `-` and a `|` or `:` (micromark-extension-gfm-table wants one of those two).
const DELIMITER_ROW = /^[ \t>]*([|: \t-]*-[|: \t-]*)$/gm;

/**
 * GFM as remark-gfm has it, minus autolink literals (bare `www.x.org` becoming a link): on the
 * generated corpus that one construct doubled the parse time. Entries write links explicitly,
 * `<https://...>` included (CommonMark autolinks). Each extension is given only to a document
 * whose text can hold its construct: a construct's first characters are fixed (`[^`, `~`, a
 * delimiter row, `[x]`), and a document without them parses to the same tree without it. The
 * table extension alone, tried at the start of every line, was a quarter of the parse time of
 * a document with no table (the generated corpus: 60 % of entries).
 */
const EXTENSIONS = [
  { syntax: gfmFootnote, fromMarkdown: gfmFootnoteFromMarkdown, mayOccur: (text: string) => text.includes('[^') },
  { syntax: gfmStrikethrough, fromMarkdown: gfmStrikethroughFromMarkdown, mayOccur: (text: string) => text.includes('~') },
  { syntax: gfmTable, fromMarkdown: gfmTableFromMarkdown, mayOccur: (text: string) => [...text.matchAll(DELIMITER_ROW)].some((m) => /[|:]/.test(m[1]!)) },
  // `[`, a space, tab, line ending or x, then `]`.
  { syntax: gfmTaskListItem, fromMarkdown: gfmTaskListItemFromMarkdown, mayOccur: (text: string) => /\[[\sxX]\]/.test(text) },
];

// One processor per set of extensions and thread, made when first needed: building one is not
// free and it holds no per-file state.
const processors = new Map<number, Processor>();

function processorFor(set: number): Processor {
  let processor = processors.get(set);
  if (!processor) {
    const chosen = EXTENSIONS.filter((_, i) => set & (1 << i));
    processor = unified()
      .use(remarkParse)
      .use(remarkFrontmatter, ['yaml', 'toml'])
      .use(function gfmConstructs(this: Processor) {
        const data = this.data();
        (data.micromarkExtensions ??= []).push(...chosen.map((e) => e.syntax()));
        (data.fromMarkdownExtensions ??= []).push(...chosen.map((e) => e.fromMarkdown()));
      }) as unknown as Processor;
    processors.set(set, processor);
  }
  return processor;
}

/** The extensions `text` may need, as a bit set over EXTENSIONS (all of them: `ALL`). */
export function extensionSet(text: string): number {
  return EXTENSIONS.reduce((set, e, i) => (e.mayOccur(text) ? set | (1 << i) : set), 0);
}

export const ALL = (1 << EXTENSIONS.length) - 1;

/**
 * Markdown with a `---` YAML or `+++` TOML header, GFM tables, strikethrough, task lists,
 * footnotes. `set` is for tests, which compare against every extension given.
 */
export function parseMarkdown(file: VFile, set = extensionSet(String(file.value))): Root {
  return processorFor(set).parse(file) as Root;
}
