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
