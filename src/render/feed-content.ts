import type { Element, ElementContent, Nodes, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { walk } from '../markdown/walk.ts';

// Shown by the feed entry itself (its title, dates and categories), or only useful on the page
// (a heading's `#` link reads as a stray character in a feed reader).
const LEFT_OUT = new Set(['entry-header', 'metadata', 'toc', 'heading-anchor']);
const URL_PROPERTIES = ['href', 'src', 'poster', 'cite'] as const;

/**
 * An entry's article as a feed carries it: lede, sections, footnotes and the verification
 * footer, with every URL absolute (a feed reader resolves relative ones against the feed, if at
 * all). Takes the page after it was serialized: it rewrites the tree in place.
 */
export function feedContent(page: Root, sitePath: string, baseUrl: string): string {
  const pageUrl = siteUrl(sitePath, baseUrl);
  let article: Element | undefined;
  walk<Nodes>(page, (node) => {
    if (!article && node.type === 'element' && node.tagName === 'article') article = node;
  });
  if (!article) return '';
  const body: Root = { type: 'root', children: article.children };
  walk<Nodes>(body, (node) => {
    if (node.type !== 'element' && node.type !== 'root') return;
    const kept = (node.children as ElementContent[]).filter((c) => c.type !== 'element' || !classes(c).some((n) => LEFT_OUT.has(n)));
    // The space that stood before a heading's `#` link.
    const last = kept.at(-1);
    if (kept.length < node.children.length && last?.type === 'text') last.value = last.value.trimEnd();
    node.children = kept;
    if (node.type === 'root') return;
    const props = node.properties;
    for (const key of URL_PROPERTIES) {
      const value = props[key];
      if (typeof value === 'string') props[key] = absoluteUrl(value, pageUrl, baseUrl);
    }
    const srcSet = props.srcSet;
    if (Array.isArray(srcSet)) props.srcSet = srcSet.map((c) => String(c).replace(/^\S+/, (u) => absoluteUrl(u, pageUrl, baseUrl))).join(', ');
  });
  return toHtml(body);
}

/** `feedContent` of a page as written (an entry whose result no longer holds its feed article). */
export function feedFromPage(html: string, sitePath: string, baseUrl: string): string {
  return feedContent(fromHtml(html), sitePath, baseUrl);
}

/** A site path (`/entries/x/`) under the site's base URL, as the feeds' own links are. */
export function siteUrl(sitePath: string, baseUrl: string): string {
  return new URL(sitePath.replace(/^\//, ''), baseUrl).href;
}

/** A URL of a page at `pageUrl`, absolute. The site's pages link from its root: `/x` is the base URL's `x`, whatever path the base has. */
export function absoluteUrl(url: string, pageUrl: string, baseUrl: string): string {
  return url.startsWith('/') && !url.startsWith('//') ? siteUrl(url, baseUrl) : new URL(url, pageUrl).href;
}

function classes(node: Element): string[] {
  const c = node.properties.className;
  return Array.isArray(c) ? c.map(String) : [];
}
