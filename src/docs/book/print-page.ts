import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { slugify } from '../../markdown/slugify.ts';

/** A chapter as the print page takes it: where its page is, and its rendered body. */
export interface PrintChapter {
  outPath: string;
  title: string;
  number: string | undefined;
  body: ElementContent[];
}

/** The id the print page gives a chapter; its headings' ids are prefixed with it. */
export function chapterAnchor(outPath: string): string {
  return `chapter-${slugify(outPath.replace(/\.html$/, '')) || 'index'}`;
}

/**
 * Every chapter on one page, in reading order (mdBook's `print.html`). Ids are prefixed per
 * chapter so they stay unique, and links between chapters become links within the page.
 */
export function printMain(chapters: PrintChapter[]): ElementContent[] {
  const pages = new Set(chapters.map((c) => c.outPath));
  return chapters.map((chapter) => {
    const anchor = chapterAnchor(chapter.outPath);
    const body = structuredClone(chapter.body);
    for (const node of body) {
      visit(node, 'element', (el: Element) => {
        if (typeof el.properties.id === 'string') el.properties.id = `${anchor}-${el.properties.id}`;
        if (el.tagName === 'a' && typeof el.properties.href === 'string') el.properties.href = retarget(el.properties.href, chapter.outPath, pages);
      });
    }
    return h('section.print-chapter', { id: anchor, ariaLabel: chapter.number ? `${chapter.number} ${chapter.title}` : chapter.title }, body);
  });
}

/** A link from the chapter at `from`: into the book → `#chapter-…`; anywhere else unchanged. */
function retarget(href: string, from: string, pages: Set<string>): string {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) return href;
  const url = new URL(href, `http://book.invalid/${from}`);
  const target = href.startsWith('#') ? from : url.pathname.slice(1);
  if (!pages.has(target)) return href;
  const anchor = chapterAnchor(target);
  return url.hash ? `#${anchor}-${decodeURIComponent(url.hash.slice(1))}` : `#${anchor}`;
}
