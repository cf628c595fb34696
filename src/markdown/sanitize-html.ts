import type { Element, Nodes, Root } from 'hast';
import { raw } from 'hast-util-raw';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { find, html } from 'property-information';
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import type { OutgoingLink } from '../links/extract-links.ts';
import { emit } from '../report/emit.ts';
import { walk } from './walk.ts';

// Set on every element before sanitizing and taken off after: which element each of the
// sanitized tree's is, and whether it was written in Markdown (its links are checked already).
const NODE = 'dataGalleyNode';
const MARKDOWN = 'dataGalleyMarkdown';

const all = defaultSchema.attributes!;

/**
 * GitHub's allowlist (hast-util-sanitize's default schema) with what galley's own Markdown
 * rendering writes and the figures posts are made of. Ids are not clobbered with a prefix:
 * heading ids follow Zola's rule so links into a moved site keep working, and no script of the
 * site reads element ids. `<style>` goes with its text (unwrapped, the CSS would be shown).
 */
export const htmlSchema: Schema = {
  ...defaultSchema,
  clobber: [],
  strip: ['script', 'style'],
  tagNames: [...defaultSchema.tagNames!, 'figure', 'figcaption', 'abbr', 'mark', 'small', 'cite', 'dfn', 'u', 'caption', 'colgroup', 'col'],
  attributes: {
    ...all,
    h2: [['className', 'sr-only', 'footnotes-label']],
    '*': [...all['*']!, NODE, MARKDOWN],
  },
  ancestors: { ...defaultSchema.ancestors, caption: ['table'], colgroup: ['table'], col: ['table'] },
};

const URL_PROPERTIES = new Set(Object.keys(defaultSchema.protocols!));

/**
 * Raw HTML of an entry or page, parsed (hast-util-raw) and passed through the allowlist
 * (hast-util-sanitize), so `<img>`, `<figure>`, `<details>`, `<kbd>` and tables survive and no
 * style, script, event handler or `javascript:` URL reaches a page served under a self-only
 * CSP. Each element, attribute or URL taken out is a warning at its place. Returns the links
 * and images written in raw HTML, for the link gate.
 */
export function sanitizeHtml(body: Root, file: VFile): { tree: Root; links: OutgoingLink[] } {
  let hasRaw = false;
  walk<Nodes>(body, (node) => {
    if (node.type === 'raw') hasRaw = true;
    else if (node.type === 'element') node.properties[MARKDOWN] = true;
  });
  const parsed = hasRaw ? (raw(body, { file }) as Root) : body;
  const before: { node: Element; place: Point | undefined }[] = [];
  number(parsed, undefined, before);
  const tree = sanitize(parsed, htmlSchema) as Root;
  const links: OutgoingLink[] = [];
  const kept = new Map<number, Element>();
  walk<Nodes>(tree, (node) => {
    if (node.type !== 'element') return;
    const index = Number(node.properties[NODE]);
    const fromMarkdown = node.properties[MARKDOWN] !== undefined;
    kept.set(index, node);
    delete node.properties[NODE];
    delete node.properties[MARKDOWN];
    const url = node.tagName === 'img' ? node.properties.src : node.tagName === 'a' ? node.properties.href : undefined;
    if (!fromMarkdown && typeof url === 'string') {
      const start = before[index]?.place;
      links.push({ url, kind: node.tagName === 'img' ? 'image' : 'link', line: start?.line ?? 0, column: start?.column ?? 0 });
    }
  });
  before.forEach(({ node, place }, i) => report(file, node, kept.get(i), place));
  return { tree, links };
}

/** Number every element in document order, each with the place of it or its nearest placed ancestor. */
function number(node: Nodes, place: Point | undefined, out: { node: Element; place: Point | undefined }[]): void {
  if (node.type === 'element') {
    place = node.position?.start ?? place;
    node.properties[NODE] = out.length;
    out.push({ node, place });
  }
  if ('children' in node) for (const child of node.children) number(child, place, out);
}

function report(file: VFile, node: Element, after: Element | undefined, place: Point | undefined): void {
  const tag = `<${node.tagName}>`;
  if (!after) {
    emit(file, `Unexpected element \`${tag}\`, expected an element of the HTML allowlist`, {
      place,
      ruleId: 'html-element-removed',
      source: 'html',
      severity: 'warning',
      hint: htmlSchema.strip!.includes(node.tagName)
        ? 'It is left out with its content: pages run under a self-only CSP with no inline scripts or styles.'
        : 'It is left out and its content kept. Write it in Markdown, or with elements GitHub allows (`<figure>`, `<img>`, `<details>`, `<kbd>`, tables).',
    });
    return;
  }
  for (const key of Object.keys(node.properties).filter((k) => k !== NODE && k !== MARKDOWN)) {
    if (key in after.properties) continue;
    const attribute = find(html, key).attribute;
    if (URL_PROPERTIES.has(key) && isAllowedAttribute(node.tagName, key)) {
      emit(file, `Unexpected URL \`${String(node.properties[key]).slice(0, 60)}\` in \`${attribute}\` of \`${tag}\`, expected a relative URL or one of ${(defaultSchema.protocols![key] ?? []).join(', ')}`, {
        place,
        ruleId: 'html-url-removed',
        source: 'html',
        severity: 'warning',
        hint: 'The attribute is left out: a `javascript:` or `data:` URL would run or load what the self-only CSP forbids.',
      });
    } else {
      emit(file, `Unexpected attribute \`${attribute}\` on \`${tag}\`, expected an attribute of the HTML allowlist`, {
        place,
        ruleId: 'html-attribute-removed',
        source: 'html',
        severity: 'warning',
        hint: /^on/i.test(attribute) || attribute === 'style'
          ? 'It is left out: event handlers and inline styles do not run under the self-only CSP.'
          : 'It is left out; the element stays. The template styles pages by their structure, not by classes written in the text.',
      });
    }
  }
}

function isAllowedAttribute(tagName: string, key: string): boolean {
  const names = [...(htmlSchema.attributes![tagName] ?? []), ...htmlSchema.attributes!['*']!];
  return names.some((n) => (Array.isArray(n) ? n[0] : n) === key);
}
