import { applyEdits, countLines, type Edit, type EditedText } from './edit-text.ts';
import type { ImportLog } from './import-log.ts';
import { findShortcodes, type Shortcode, type ShortcodeValue } from './shortcodes.ts';

/** One call of a shortcode, for the inventory (name, files, count). */
export interface ShortcodeUse {
  name: string;
  file: string;
  line: number;
  converted: boolean;
}

/** A file a call names (`load_data(path=...)`), found as Zola looks for it: its text and its URL, if served. */
export type FindFile = (p: string) => { text: string; url: string | undefined } | undefined;

type Converter = (sc: Shortcode, body: string | undefined, find: FindFile) => string | undefined;

const str = (v: ShortcodeValue | undefined): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const quoteLines = (text: string): string => text.trim().split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n');

// The embeds Zola once shipped (youtube, vimeo, streamable, gist) become plain links: galley's
// pages run under a self-only CSP, so a third-party frame or script would not load anyway.
const link = (label: string, url: (id: string) => string, key = 'id'): Converter => (sc) => {
  const id = str(sc.args[key]);
  return id && `[${label}](${url(id)})`;
};

/** Shortcodes with a galley equivalent in plain Markdown; `undefined` means the call lacks what it needs. */
const CONVERTERS: Record<string, Converter> = {
  youtube: link('Watch the video on YouTube', (id) => `https://www.youtube.com/watch?v=${encodeURIComponent(id)}`),
  vimeo: link('Watch the video on Vimeo', (id) => `https://vimeo.com/${encodeURIComponent(id)}`),
  streamable: link('Watch the video on Streamable', (id) => `https://streamable.com/${encodeURIComponent(id)}`),
  gist: link('Read the gist', (url) => url, 'url'),
  // An image needs alt text in galley (the links gate); without it a person must write one.
  figure: (sc, _body, find) => {
    const src = imageUrl(str(sc.args.src) ?? str(sc.args.path) ?? str(sc.args.url), find);
    const alt = str(sc.args.alt);
    if (!src || !alt) return undefined;
    const caption = str(sc.args.caption);
    return `![${alt.replace(/[[\]]/g, '\\$&')}](${src})${caption ? `\n\n*${caption}*` : ''}`;
  },
  quote: (sc, body) => {
    if (!body?.trim()) return undefined;
    const cite = str(sc.args.author) ?? str(sc.args.cite);
    return `${quoteLines(body)}${cite ? `\n>\n> — ${cite}` : ''}`;
  },
  // One paragraph stays one line after its label; a body of blocks (a heading, a list) keeps them.
  note: (sc, body) => {
    const text = (body ?? str(sc.args.body))?.trim();
    if (!text) return undefined;
    const label = `**${(str(sc.args.header) ?? 'Note').replace(/[:!.]$/, '')}:**`;
    return quoteLines(text.includes('\n\n') || /^(?:#|[-*+] |\d+[.)] |```|>|\|)/.test(text) ? `${label}\n\n${text}` : `${label} ${text}`);
  },
};
const SOURCE_KEYS = ['src', 'path', 'url', 'img', 'image', 'file', 'source'];
const source = (sc: Shortcode): string | undefined => SOURCE_KEYS.map((k) => str(sc.args[k])).find((v) => v !== undefined);
const fileName = (p: string): string => p.split(/[?#]/)[0]!.split('/').pop() || p;
/** Where an image's file is served after the import (beside the entry, or in `public/`), found as Zola finds it; else as written. */
const imageUrl = (src: string | undefined, find: FindFile): string | undefined => (src && find(src)?.url) ?? src;

/**
 * A site's own shortcodes for the common things, known by their name and a file argument: an
 * image or figure (`wideImage(img=...)`), a video embed (`video(id=...)`, a local `.mp4`), a file
 * loaded into the page (`load_data(path=...)`, an SVG diagram or a text file).
 */
function guess(sc: Shortcode, find: FindFile): { markdown: string; what: string; noAlt?: boolean } | undefined {
  const src = source(sc);
  if (/youtube|vimeo|video|embed/i.test(sc.name)) {
    const id = str(sc.args.id);
    if (id && /youtube/i.test(sc.name)) return { markdown: CONVERTERS.youtube!(sc, undefined, find)!, what: 'a link to the video' };
    if (id && /vimeo/i.test(sc.name)) return { markdown: CONVERTERS.vimeo!(sc, undefined, find)!, what: 'a link to the video' };
    if (src) return { markdown: `[${str(sc.args.title) ?? str(sc.args.caption) ?? 'Watch the video'}](${src})`, what: 'a link to the video' };
  }
  if (src && /load_data|include|svg|diagram/i.test(sc.name)) {
    const found = find(src);
    if (found && /\.svg$/i.test(src) && found.url) return { markdown: `![${str(sc.args.alt) ?? str(sc.args.title) ?? fileName(src)}](${found.url})`, what: 'an image of the SVG file', noAlt: !str(sc.args.alt) && !str(sc.args.title) };
    if (found && !/\.svg$/i.test(src)) {
      const ext = /\.([a-z0-9]+)$/i.exec(src)?.[1]?.toLowerCase() ?? 'text';
      const text = found.text.replace(/\s+$/, '');
      return { markdown: ext === 'md' ? text : `\`\`\`${ext === 'txt' ? 'text' : ext}\n${text}\n\`\`\``, what: 'the file\'s text, in the page' };
    }
  }
  if (src && /image|img|figure|picture|photo|gallery/i.test(sc.name) && !Array.isArray(sc.args.images)) {
    const alt = str(sc.args.alt) ?? str(sc.args.caption) ?? str(sc.args.title) ?? str(sc.args.description);
    const caption = str(sc.args.caption);
    // A resized copy (`resize_image(path=..., width=...)`) becomes the source file: galley's pipeline makes the sizes.
    const what = /resize/i.test(sc.name) ? "a Markdown image of the source file (galley's image pipeline makes the sizes)" : 'a Markdown image';
    return { markdown: `![${(alt ?? fileName(src)).replace(/[[\]]/g, '\\$&')}](${imageUrl(src, find)})${caption && caption !== alt ? `\n\n*${caption}*` : ''}`, what, noAlt: alt === undefined };
  }
  return undefined;
}

CONVERTERS.image = CONVERTERS.figure!;
CONVERTERS.img = CONVERTERS.figure!;
CONVERTERS.blockquote = CONVERTERS.quote!;

/** Names the import converts, for the README and the report. */
export const CONVERTED_SHORTCODES = Object.keys(CONVERTERS).sort();

/**
 * Replace the shortcodes of a page body that have a galley equivalent, keep every other one as it
 * is (visible, and listed as needing a person), and record each call in the inventory.
 */
export function convertShortcodes(body: string, file: string, firstLine: number, log: ImportLog, uses: ShortcodeUse[], find: FindFile = () => undefined): EditedText {
  return convertText(body, (line) => firstLine + line, file, log, uses, find);
}

function convertText(text: string, fileLineOf: (line: number) => number, file: string, log: ImportLog, uses: ShortcodeUse[], find: FindFile, keptIn?: string): EditedText {
  const edits: Edit[] = [];
  for (const sc of findShortcodes(text)) {
    const line = fileLineOf(countLines(text, sc.start));
    const call = text.slice(sc.start, sc.end);
    if (keptIn !== undefined && !sc.escaped) {
      // Inside a call that stays as text, nothing is converted; list it with its container.
      uses.push({ name: sc.name, file, line, converted: false });
      log.needsPerson({ file, line, column: 1 }, `shortcode \`${sc.name}\``, `Unexpected shortcode \`${sc.name}\` inside the kept \`${keptIn}\`, expected plain Markdown`, 'import-shortcode', `Rewrite the \`${keptIn}\` call as Markdown, this one with it.`);
      if (sc.body !== undefined) convertText(sc.body, (l) => fileLineOf(countLines(text, text.indexOf(sc.body!, sc.start)) + l), file, log, uses, find, keptIn);
      continue;
    }
    if (sc.escaped) {
      // Zola shows an escaped call literally; galley has no shortcodes, so the literal is plain text.
      edits.push({ start: sc.start, end: sc.end, text: call.replace(/^\{([{%])\/\*/, '{$1').replace(/\*\/([}%])\}$/, '$1}').replace(/\{%\/\*(\s*end\s*)\*\/%\}/g, '{%$1%}') });
      log.note('converted', { file, line }, `shortcode \`${sc.name}\` (escaped)`, 'kept as literal text, as Zola shows it');
      continue;
    }
    const converter = CONVERTERS[sc.name];
    // Inner calls of a converted body are converted too; the body keeps its own line numbers.
    const bodyStart = sc.body === undefined ? 0 : text.indexOf(sc.body, sc.start);
    const bodyLineOf = (l: number): number => fileLineOf(countLines(text, bodyStart) + l);
    const inner = sc.body !== undefined && converter ? convertText(sc.body, bodyLineOf, file, log, uses, find) : undefined;
    const markdown = converter?.(sc, inner?.text, find);
    uses.push({ name: sc.name, file, line, converted: markdown !== undefined });
    if (markdown !== undefined) {
      edits.push({ start: sc.start, end: sc.end, text: markdown });
      log.note('converted', { file, line }, `shortcode \`${sc.name}\``, converter === CONVERTERS.figure ? 'became a Markdown image' : 'became plain Markdown');
      continue;
    }
    const guessed = converter ? undefined : guess(sc, find);
    if (guessed) {
      uses[uses.length - 1]!.converted = true;
      edits.push({ start: sc.start, end: sc.end, text: guessed.markdown });
      log.note('converted', { file, line }, `shortcode \`${sc.name}\``, `became ${guessed.what}`);
      if (guessed.noAlt) log.needsPerson({ file, line, column: 1 }, `shortcode \`${sc.name}\``, `Unexpected image \`${source(sc)}\` without alt text, expected a description (galley's links gate requires one)`, 'import-image-alt', 'The import wrote its file name; describe what the image shows.');
      continue;
    }
    log.needsPerson(
      { file, line, column: 1 },
      `shortcode \`${sc.name}\``,
      converter
        ? `Unexpected \`${sc.name}\` call without the arguments galley needs, expected ${sc.name === 'figure' || sc.name === 'image' || sc.name === 'img' ? '`src` and `alt`' : 'its usual arguments or body'}`
        : `Unexpected shortcode \`${sc.name}\` without a galley equivalent, expected plain Markdown`,
      'import-shortcode',
      `The call is kept as text in the entry; rewrite it as Markdown (the template is in the Zola site's templates/shortcodes/${sc.name}.html).`,
    );
    // Calls nested in a kept body are kept too; list them so none goes unnoticed.
    if (sc.body !== undefined && !converter) convertText(sc.body, bodyLineOf, file, log, uses, find, sc.name);
  }
  return applyEdits(text, edits, fileLineOf);
}
