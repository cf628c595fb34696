import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import type { SummaryChapter, SummaryItem } from '../src/docs/book/summary.ts';

/** A neighbour in reading order, its href relative to the page. */
export interface BookLink {
  title: string;
  href: string;
}

/** The book's hashed assets, as paths from the book's root (no leading slash: the book is relocatable). */
export interface BookAssets {
  css: string;
  js: { path: string; integrity: string };
  /** The entries' copy-button script, shared as it is. */
  copy: { path: string; integrity: string };
  /** The site's search script, shared as it is: the box and its results over the book's Pagefind index. */
  search: { path: string; integrity: string };
  icon: string;
}

/** The book's keys, in the footer (read without JavaScript) and in the `?` overlay. */
const KEYS: [string, string][] = [['← →', 'previous or next chapter'], ['s or /', 'search the book'], ['?', 'this list of keys'], ['Esc', 'close it, or leave the search']];

export interface BookPageProps {
  bookTitle: string;
  language: string;
  /** Title of this page (its SUMMARY entry). */
  title: string;
  /** This page's path in the book (`cluster/home/index.html`). */
  path: string;
  /** The SUMMARY source of this page, to mark it in the sidebar; none for the print page. */
  current: string | undefined;
  summary: SummaryItem[];
  /** SUMMARY source (`x.md`) → the page's path in the book (`x.html`). */
  pageOf: (source: string) => string;
  prev: BookLink | undefined;
  next: BookLink | undefined;
  main: ElementContent[];
  provenance: string;
  assets: BookAssets;
  generator: string;
}

/** `../` for each directory of `path`: every href is relative, so the book works under any prefix. */
export function toRoot(path: string): string {
  return '../'.repeat(path.split('/').length - 1);
}

/**
 * The page shell of the docs book (mdBook's layout): sidebar with every chapter and the current one
 * marked, the chapter, previous/next links, provenance. No inline script or style (self-only CSP);
 * the script only adds keys and search, so every page reads the same with JavaScript off.
 */
export function bookPage(props: BookPageProps): Root {
  const root = toRoot(props.path);
  const rel = (to: string): string => root + to;
  const head: ElementContent[] = [
    h('meta', { charset: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('meta', { name: 'color-scheme', content: 'light dark' }),
    h('title', props.title === props.bookTitle ? props.bookTitle : `${props.title} · ${props.bookTitle}`),
    h('meta', { name: 'generator', content: props.generator }),
    h('link', { rel: 'stylesheet', href: rel(props.assets.css) }),
    h('link', { rel: 'icon', type: 'image/svg+xml', href: rel(props.assets.icon) }),
  ];
  if (props.prev) head.push(h('link', { rel: 'prev', href: props.prev.href }));
  if (props.next) head.push(h('link', { rel: 'next', href: props.next.href }));
  head.push(h('script', { src: rel(props.assets.js.path), integrity: props.assets.js.integrity, defer: true }));
  head.push(h('script', { src: rel(props.assets.copy.path), integrity: props.assets.copy.integrity, defer: true }));
  head.push(h('script', { src: rel(props.assets.search.path), integrity: props.assets.search.integrity, defer: true }));
  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: props.language, dataBookRoot: root || './' }, [
        h('head', head),
        h('body.book', [
          h('a.skip-link', { href: '#content' }, 'Skip to the chapter'),
          h('nav.book-sidebar', { ariaLabel: 'Table of contents' }, [
            h('p.book-title', [h('a', { href: rel(props.pageOf('index.md')) }, props.bookTitle)]),
            ...searchForm(rel),
            h('ol.chapters', sidebar(props.summary, props, rel)),
            h('p.book-print', [h('a', { href: rel('print.html') }, 'Print the whole book')]),
          ]),
          h('div.book-page', [
            // The print page repeats every chapter: only the chapters' own pages are indexed.
            h('main#content', { dataPagefindBody: props.current !== undefined ? true : undefined }, props.current === undefined ? props.main : withPageToc(props.main)),
            h('nav.book-nav', { ariaLabel: 'Previous and next chapter' }, [
              props.prev ? h('a.book-prev', { rel: 'prev', href: props.prev.href }, [`← ${props.prev.title}`]) : h('span'),
              props.next ? h('a.book-next', { rel: 'next', href: props.next.href }, [`${props.next.title} →`]) : h('span'),
            ]),
            h('footer.book-provenance', [h('p', props.provenance), h('p.book-keys', 'Keys: ← and → turn the page, s or / searches, ? lists the keys.')]),
          ]),
          keysDialog(),
        ]),
      ]),
    ],
  };
}

// A page with this many sections or more gets a list of them under its title.
const PAGE_TOC_MIN = 4;

/** The page's own sections (its `h2`s with ids) as links under the title, on long pages only. */
function withPageToc(main: ElementContent[]): ElementContent[] {
  const sections = main.filter((node): node is Element => node.type === 'element' && node.tagName === 'h2' && typeof node.properties.id === 'string');
  if (sections.length < PAGE_TOC_MIN) return main;
  const toc = h('nav.page-toc', { ariaLabel: 'On this page' }, [
    h('p.page-toc-title', 'On this page'),
    h('ul', sections.map((s) => h('li', [h('a', { href: `#${String(s.properties.id)}` }, toString(s))]))),
  ]);
  const title = main.findIndex((node) => node.type === 'element' && node.tagName === 'h1');
  return [...main.slice(0, title + 1), toc, ...main.slice(title + 1)];
}

/** The `?` overlay (mdBook's help): a closed dialog the script opens; Esc or the button closes it. */
function keysDialog(): ElementContent {
  return h('dialog#book-keys', { ariaLabelledby: 'book-keys-title' }, [
    h('h2#book-keys-title', 'Keyboard shortcuts'),
    h('dl', KEYS.flatMap(([key, what]) => [h('dt', [h('kbd', key)]), h('dd', what)])),
    h('form', { method: 'dialog' }, [h('button', { type: 'submit' }, 'Close')]),
  ]);
}

/**
 * Hidden until the search script shows it: search is the one part that needs JavaScript. Without
 * it the reader is told where the whole book can be searched with the browser's own find.
 */
function searchForm(rel: (to: string) => string): ElementContent[] {
  return [
    h('form.book-search', { role: 'search', hidden: true, action: '#', dataSearchIndex: rel('pagefind/pagefind.js') }, [
      h('label', { htmlFor: 'search-q' }, 'Search the book'),
      h('input#search-q', { type: 'search', name: 'q', autocomplete: 'off', placeholder: 'Search (s or /)' }),
      h('p#search-status', { role: 'status' }),
      h('ol#search-results.search-results'),
    ]),
    h('noscript', [h('p.book-search-off', ['Search needs JavaScript; the ', h('a', { href: rel('print.html') }, 'whole book on one page'), ' can be searched with the browser’s find.'])]),
  ];
}

function sidebar(items: SummaryItem[], props: BookPageProps, rel: (to: string) => string): ElementContent[] {
  return items.map((item) => {
    if (item.kind === 'part') return h('li.part-title', item.title);
    if (item.kind === 'separator') return h('li.spacer', { ariaHidden: 'true' });
    return chapterItem(item, props, rel);
  });
}

function chapterItem(c: SummaryChapter, props: BookPageProps, rel: (to: string) => string): ElementContent {
  const label = c.number ? [h('strong', c.number), ` ${c.title}`] : [c.title];
  const link = c.source
    ? h('a', { href: rel(props.pageOf(c.source)), ariaCurrent: c.source === props.current ? 'page' : undefined }, label)
    : h('span.draft', { title: 'Not written yet' }, label);
  const children = c.children.length > 0 ? [h('ol.section', c.children.map((child) => chapterItem(child, props, rel)))] : [];
  return h('li.chapter-item', [link, ...children]);
}
