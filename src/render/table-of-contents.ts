import type { Element, ElementContent } from 'hast';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';

/**
 * The entry's contents: one link per numbered section (`##`), to the section's stable id, in
 * the heading's own words and number. Nothing for an entry with fewer than two sections.
 */
export function tableOfContents(headings: readonly Element[]): ElementContent[] {
  const items = headings.flatMap((heading) => {
    const id = heading.properties.id;
    if (heading.tagName !== 'h2' || typeof id !== 'string') return [];
    return [h('li', [h('a', { href: `#${id}` }, headingText(heading))])];
  });
  if (items.length < 2) return [];
  return [h('nav.toc', { ariaLabel: 'Contents' }, [h('p.toc-title', 'Contents'), h('ol', items)])];
}

/** The heading's text without its `#` anchor link. */
function headingText(heading: Element): string {
  const own = heading.children.filter((c) => !(c.type === 'element' && hasClass(c, 'heading-anchor')));
  return toString({ ...heading, children: own }).trim();
}

function hasClass(node: Element, name: string): boolean {
  const classes = node.properties.className;
  return Array.isArray(classes) && classes.includes(name);
}
