import path from 'node:path';
import { linkTarget } from '../links/resolve-link.ts';
import type { BodyLink } from './analyze-body.ts';
import type { Edit } from './edit-text.ts';
import type { ImportLog, Place } from './import-log.ts';
import type { Target } from './site-targets.ts';

export interface LinkContext {
  /** `@/` link target (content-relative .md path) → its galley URL. */
  permalinks: ReadonlyMap<string, string>;
  /** The ids Zola gives each content file, for the `@/path#anchor` check Zola makes. */
  anchors: ReadonlyMap<string, ReadonlySet<string>>;
  targets: ReadonlyMap<string, Target>;
}

export interface LinkSource {
  file: string;
  /** Where the page is served after the import; relative links resolve from here. */
  url: string;
  body: string;
  draft: boolean;
  lineOf: (line: number) => number;
}

/**
 * Every link of a body as the build's link gate will see it: `@/` links become galley URLs, and
 * a link the build could not resolve (a file of the Zola repository, a heading id Zola's theme
 * made, a draft linked from a published page) is rewritten so the build passes. Each change is a
 * report row; nothing is changed silently.
 */
export function rewriteLinks(links: readonly BodyLink[], source: LinkSource, ctx: LinkContext, log: ImportLog): { edits: Edit[]; removedImages: number } {
  const edits: Edit[] = [];
  let internal = 0;
  let removedImages = 0;
  for (const link of links) {
    const at: Place = { file: source.file, line: source.lineOf(link.line), column: link.column };
    let url = link.url;
    if (url.startsWith('@/')) {
      const zola = zolaLink(url, ctx, at, log);
      if (zola === undefined) {
        edits.push(...unlink(link, source.body));
        if (link.kind === 'image') removedImages++;
        continue;
      }
      url = zola;
      internal++;
    }
    const checked = checkTarget(url, link, source, ctx, at, log);
    if (checked === 'unlink') {
      edits.push(...unlink(link, source.body));
      if (link.kind === 'image') removedImages++;
    }
    else if (checked !== link.url) edits.push({ start: link.start, end: link.end, text: checked });
    if (link.kind === 'image' && !link.alt.trim() && checked !== 'unlink' && source.body.startsWith('![]', link.node.start)) {
      const alt = path.posix.basename(url.split(/[?#]/)[0]!) || 'image';
      edits.push({ start: link.node.start + 2, end: link.node.start + 2, text: alt });
      log.needsPerson(at, link.url, `Unexpected image without alt text, expected a description (galley's links gate requires one)`, 'import-image-alt', `The import wrote its file name (\`${alt}\`); describe what the image shows.`);
    }
  }
  if (internal > 0) log.note('converted', { file: source.file }, 'internal links', `${internal} \`@/\` link(s) rewritten to galley URLs`);
  return { edits, removedImages };
}

/** `@/path.md#anchor` → the target's galley URL; an anchor Zola would not find is dropped. */
function zolaLink(url: string, ctx: LinkContext, at: Place, log: ImportLog): string | undefined {
  const [target = '', ...rest] = url.slice(2).split('#');
  const anchor = rest.length > 0 ? rest.join('#') : undefined;
  const rel = safeDecode(target);
  const galley = ctx.permalinks.get(rel);
  if (!galley) {
    log.needsPerson(at, url, `Unexpected internal link to \`${rel}\`, expected a page or section under content/`, 'import-link-target', 'Zola would stop on it too; the link is removed and its text kept. Point it at an existing page.');
    return undefined;
  }
  if (anchor && anchor.toLowerCase() !== 'top' && !ctx.anchors.get(rel)?.has(anchor)) {
    log.needsPerson(at, url, `Unexpected fragment \`#${anchor}\`, expected a heading or id of ${rel}`, 'import-link-anchor', `The link now goes to ${galley} without the fragment; link the heading you meant.`);
    return galley;
  }
  return anchor === undefined ? galley : `${galley}#${anchor}`;
}

/** The URL to write, or `unlink`, after checking the link against what the build will write. */
function checkTarget(url: string, link: BodyLink, source: LinkSource, ctx: LinkContext, at: Place, log: ImportLog): string {
  const resolved = linkTarget(url, source.url);
  if (resolved.kind === 'external') return url;
  const outPath = resolved.candidates.find((c) => ctx.targets.has(c));
  const target = outPath === undefined ? undefined : ctx.targets.get(outPath)!;
  if (!target) {
    if (link.kind === 'image') log.needsPerson(at, link.url, `Unexpected image \`${link.url}\` that is not in the site, expected a file of content/ or static/`, 'import-link-missing', `The image is replaced by its alt text (or its path); add the file to public/ and put the image back.`);
    else log.note('converted', at, link.url, `not a page or file of the site (${link.kind === 'definition' ? 'the definition now points to the page itself' : 'the link is removed, its text kept'}); Zola did not check it either`);
    return link.kind === 'definition' ? '#' : 'unlink';
  }
  if (target.draft && !source.draft) {
    log.needsPerson(at, link.url, `Unexpected link from a published page to a draft (${link.url}), expected published targets only`, 'import-link-draft', 'The link is removed and its text kept; put it back when the linked entry is published.');
    return link.kind === 'definition' ? '#' : 'unlink';
  }
  const fragment = resolved.fragment;
  const ids = ctx.targets.get(target.redirect ?? outPath!)?.ids;
  if (!fragment || !ids || ids.has(fragment) || fragment.toLowerCase() === 'top') return url;
  const bare = url.slice(0, url.indexOf('#'));
  log.note('converted', at, link.url, `\`#${fragment}\` is no heading id of ${bare || 'this page'} (a GitHub-style id, or one a theme's script made); the fragment is dropped`);
  return bare === '' ? (link.kind === 'definition' ? '#' : 'unlink') : bare;
}

/** A link becomes its text; an image its alt text (or its path); a definition stays (its URL is edited). */
function unlink(link: BodyLink, body: string): Edit[] {
  if (link.kind === 'definition') return [{ start: link.start, end: link.end, text: '#' }];
  const alt = link.alt.trim() ? link.alt.replace(/[[\]*_`\\<]/g, '\\$&') : `\`${link.url.replace(/`/g, '')}\``;
  const text = link.kind === 'image' ? alt : link.text ? body.slice(link.text.start, link.text.end) : '';
  return [{ start: link.node.start, end: link.node.end, text }];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
