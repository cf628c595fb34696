import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { visit } from 'unist-util-visit';

/** A page of a built book, parsed. */
export async function readPage(out: string, rel: string): Promise<Root> {
  return fromHtml(await readFile(path.join(out, ...rel.split('/')), 'utf8'));
}

export function elements(tree: Root | Element, test: (el: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (el: Element) => {
    if (test(el)) found.push(el);
  });
  return found;
}

export function hasClass(el: Element, name: string): boolean {
  const cls = el.properties.className;
  return Array.isArray(cls) && cls.includes(name);
}

/** An href on the page at `from` as a path from the book's root. */
export function resolveHref(from: string, href: string): string {
  return new URL(href, `http://book.invalid/${from}`).pathname.slice(1);
}

export const text = toString;

/** Every table row of a page as its cells' text joined by ` | `. */
export function rows(tree: Root): string[] {
  return elements(tree, (el) => el.tagName === 'tr').map((tr) =>
    elements(tr, (el) => el.tagName === 'td' || el.tagName === 'th').map((cell) => toString(cell).trim()).join(' | '));
}

/** The book's chapters in reading order (its sidebar on the front page), with their titles. */
export async function chapterOrder(out: string): Promise<{ url: string; title: string }[]> {
  const sidebar = elements(await readPage(out, 'index.html'), (el) => el.tagName === 'nav' && hasClass(el, 'book-sidebar'))[0]!;
  return elements(sidebar, (el) => el.tagName === 'li' && hasClass(el, 'chapter-item'))
    .map((li) => li.children[0])
    .filter((a): a is Element => a?.type === 'element' && a.tagName === 'a')
    .map((a) => ({ url: resolveHref('index.html', String(a.properties.href)), title: toString(a).replace(/^[\d.]+ /, '') }));
}
