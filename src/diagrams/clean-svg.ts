import type { Element, ElementContent, Nodes, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { find, svg as svgSchema } from 'property-information';

/** The SVG elements a drawn diagram is made of; anything else goes with its content. */
const ELEMENTS = new Set(['svg', 'g', 'title', 'path', 'polygon', 'polyline', 'ellipse', 'circle', 'rect', 'line', 'text', 'tspan', 'defs', 'clipPath', 'marker', 'linearGradient', 'radialGradient', 'stop']);
/** Unwrapped, their content kept: Graphviz's `URL=` and Mermaid's links make `<a>`; no link leaves a diagram. */
const UNWRAP = new Set(['a', 'switch', 'foreignObject']);
/** Presentation and geometry only (hast's property names): no `style` (the CSP allows no inline style), no event handler, no `href`. */
const ATTRIBUTES = new Set([
  'viewBox', 'width', 'height', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'd', 'points', 'transform',
  'fill', 'stroke', 'strokeWidth', 'strokeDashArray', 'strokeOpacity', 'fillOpacity', 'fillRule', 'strokeLineCap', 'strokeLineJoin', 'opacity',
  'textAnchor', 'dominantBaseline', 'fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'textDecoration', 'className', 'xmlSpace',
  'offset', 'stopColor', 'stopOpacity', 'alignmentBaseline', 'markerWidth', 'markerHeight', 'refX', 'refY', 'orient', 'markerUnits', 'preserveAspectRatio', 'clipPath', 'markerEnd', 'markerStart', 'id',
]);
/** The renderers' default ink and paper: drawn in the page's own colours instead, so dark mode reads. */
const INK = new Set(['black', '#000', '#000000']);
const PAPER = new Set(['white', '#fff', '#ffffff']);

/**
 * A renderer's SVG text as one `<svg>` element fit for a page under a self-only CSP: comments,
 * doctype and anything outside the allowlist dropped, black ink and white paper turned into
 * `currentColor` and `none` (the site's CSS colours the rest), a `style`'s declarations made
 * presentation attributes, and ids kept only where the drawing refers to them (a gradient, a
 * marker), renamed `<prefix>-<n>` so two diagrams on one page never share one. The same text
 * gives the same element.
 */
export function cleanSvg(text: string, prefix: string): Element {
  const root: Root = fromHtml(text, { fragment: true, space: 'svg' });
  const svg = findSvg(root);
  if (!svg) throw new Error('The renderer returned no <svg> element');
  // Graphviz numbers gradients with a counter that lives as long as the process: renumbered here
  // in the order they are referred to, so the bytes depend on the source alone.
  const ids = new Map<string, string>();
  for (const m of text.matchAll(/url\(#([^)]+)\)|href="#([^"]+)"/g)) {
    const id = m[1] ?? m[2]!;
    if (!ids.has(id)) ids.set(id, `${prefix}-${ids.size + 1}`);
  }
  const [clean] = cleanNode(svg, ids) as [Element];
  // Mermaid sizes its drawing with `width="100%"` and a max-width in a style: the viewBox's size instead.
  const box = String(svg.properties.viewBox ?? '').split(/[\s,]+/).map(Number);
  if (!/^\d+(\.\d+)?(pt|px)?$/.test(String(clean.properties.width ?? '')) && box.length === 4) {
    clean.properties.width = String(Math.ceil(box[2]!));
    clean.properties.height = String(Math.ceil(box[3]!));
  }
  return clean;
}

function findSvg(node: Nodes): Element | undefined {
  if (node.type === 'element' && node.tagName === 'svg') return node;
  if (!('children' in node)) return undefined;
  for (const child of node.children) {
    const found = findSvg(child);
    if (found) return found;
  }
  return undefined;
}

function cleanNode(node: ElementContent, ids: Map<string, string>): ElementContent[] {
  if (node.type === 'text') return [{ type: 'text', value: node.value }];
  if (node.type !== 'element') return [];
  const children = node.children.flatMap((c) => cleanNode(c, ids));
  if (UNWRAP.has(node.tagName)) return children;
  if (!ELEMENTS.has(node.tagName)) return [];
  const properties: Element['properties'] = {};
  for (const [key, value] of [...styleAttributes(node.properties.style), ...Object.entries(node.properties)]) {
    if (!ATTRIBUTES.has(key) || value === undefined || value === null) continue;
    if (key === 'id') {
      const id = ids.get(String(value));
      if (id) properties.id = id;
    } else if (typeof value === 'string' && value.includes('url(#')) {
      properties[key] = value.replace(/url\(#([^)]+)\)/g, (whole, id: string) => (ids.has(id) ? `url(#${ids.get(id)})` : whole));
    } else if (key === 'fill' || key === 'stroke' || key === 'stopColor') {
      properties[key] = paint(String(value), node.tagName);
    } else {
      properties[key] = value;
    }
  }
  return [{ type: 'element', tagName: node.tagName, properties, children }];
}

/**
 * A `style` attribute's declarations as presentation attributes (`stop-color:red` → `stopColor`),
 * which the CSP allows: Graphviz writes a gradient's colours only there.
 */
function styleAttributes(style: unknown): [string, string][] {
  if (typeof style !== 'string') return [];
  return style
    .split(';')
    .map((d) => d.split(':').map((p) => p.trim()))
    .filter((d): d is [string, string] => d.length === 2 && d[0] !== '' && d[1] !== '')
    .map(([name, value]) => [find(svgSchema, name).property, value]);
}

function paint(value: string, tagName: string): string {
  const v = value.toLowerCase();
  if (INK.has(v)) return 'currentColor';
  // White text is written on a filled shape, which keeps its own colour: it stays white.
  if (PAPER.has(v) && tagName !== 'text') return 'none';
  return value;
}
