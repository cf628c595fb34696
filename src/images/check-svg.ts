import type { Element, Nodes } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import type { Point } from 'unist';
import { walk } from '../markdown/walk.ts';
import type { Finding } from '../report/finding.ts';

const REFERENCE = ['href', 'xLinkHref', 'src'];
// `url(#clip)` points into the file; any other `url(...)` or an `@import` loads something.
const EXTERNAL_CSS = /@import|url\(\s*['"]?(?!#)/i;
const EXTERNAL_ENTITY = /<!(?:DOCTYPE|ENTITY)[^>]*\b(?:SYSTEM|PUBLIC)\b/i;

/**
 * An SVG is published only if it can do nothing but draw: served from the site's origin and
 * opened on its own, a script, an event handler or a `foreignObject` in it runs with the site's
 * cookies, and a reference elsewhere loads from another origin. Each is a finding at its element.
 */
export function checkSvg(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const at = (start: Point | undefined, ruleId: string, message: string, hint: string) =>
    findings.push({ file, line: start?.line ?? 1, column: start?.column ?? 1, ruleId, severity: 'error', message, hint, source: 'images' });
  const entity = EXTERNAL_ENTITY.exec(text);
  if (entity) at(pointAt(text, entity.index), 'image-svg-external', 'Unexpected external entity in an SVG, expected a self-contained drawing', 'Remove the DOCTYPE or ENTITY declaration.');
  walk<Nodes>(fromHtml(text, { fragment: true, space: 'svg' }), (node) => {
    if (node.type !== 'element') return;
    const start = node.position?.start;
    const script = 'Remove it: an SVG of the site can run nothing (draw the interaction as a static picture).';
    if (node.tagName === 'script' || node.tagName.toLowerCase() === 'foreignobject') {
      at(start, 'image-svg-script', `Unexpected \`<${node.tagName}>\` in an SVG, expected drawing elements only`, script);
    }
    for (const [name, value] of Object.entries(node.properties)) {
      if (/^on/i.test(name)) at(start, 'image-svg-script', `Unexpected event handler \`${name.toLowerCase()}\` on \`<${node.tagName}>\` in an SVG, expected none`, script);
      if (REFERENCE.includes(name) && typeof value === 'string' && !value.trim().startsWith('#')) {
        at(start, 'image-svg-external', `Unexpected reference to \`${value.slice(0, 80)}\` in an SVG, expected \`#id\` references inside the file`, 'Embed what it points to, or draw it in the SVG itself.');
      }
    }
    const css = `${typeof node.properties.style === 'string' ? node.properties.style : ''} ${node.tagName === 'style' ? toString(node as Element) : ''}`;
    if (EXTERNAL_CSS.test(css)) at(start, 'image-svg-external', 'Unexpected `url(...)` or `@import` in the CSS of an SVG, expected `url(#id)` only', 'Embed the resource, or draw it in the SVG itself.');
  });
  return findings;
}

function pointAt(text: string, offset: number): Point {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
