import { decodeNamedCharacterReference } from 'decode-named-character-reference';

/**
 * A decoded reading of a file. Rules run on every view; each view maps its offsets back to the
 * raw text, so every finding is placed in the file as a person opens it.
 */
export interface View {
  name: 'raw' | 'decoded' | 'html-text';
  /** The decodings applied, in order, for the finding's message. */
  steps: string[];
  text: string;
  toRaw(offset: number): number;
}

export function rawView(text: string): View {
  return { name: 'raw', steps: [], text, toRaw: (offset) => offset };
}

/**
 * A view of `parent` with every match of `pattern` replaced. Offsets inside a replacement map to
 * the start of what it replaced; offsets between replacements shift by the edits before them.
 * Undefined when nothing was replaced (the view would repeat its parent).
 */
function rewrite(parent: View, step: string, pattern: RegExp, replace: (m: RegExpExecArray) => string | undefined): View | undefined {
  const chunks: string[] = [];
  // Per edit: start and end in this view, start and end in the parent.
  const viewStart: number[] = [];
  const viewEnd: number[] = [];
  const parentStart: number[] = [];
  const parentEnd: number[] = [];
  let copied = 0;
  let length = 0;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(parent.text); m; m = pattern.exec(parent.text)) {
    const replacement = replace(m);
    if (replacement === undefined) continue;
    chunks.push(parent.text.slice(copied, m.index), replacement);
    length += m.index - copied;
    viewStart.push(length);
    length += replacement.length;
    viewEnd.push(length);
    parentStart.push(m.index);
    parentEnd.push(m.index + m[0].length);
    copied = m.index + m[0].length;
  }
  if (viewStart.length === 0) return undefined;
  chunks.push(parent.text.slice(copied));
  const toRaw = (offset: number): number => {
    let lo = 0;
    let hi = viewStart.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (viewStart[mid]! <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return parent.toRaw(offset);
    if (offset < viewEnd[found]!) return parent.toRaw(parentStart[found]!);
    return parent.toRaw(parentEnd[found]! + offset - viewEnd[found]!);
  };
  return { name: step === 'tags' ? 'html-text' : parent.name === 'raw' ? 'decoded' : parent.name, steps: [...parent.steps, step], text: chunks.join(''), toRaw };
}

const ENTITY = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;
const decodeEntity = (m: RegExpExecArray): string | undefined => decodeReference(m[1]!);
function decodeReference(ref: string): string | undefined {
  if (ref.startsWith('#')) {
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  return decodeNamedCharacterReference(ref) || undefined;
}

// JSON and JavaScript string escapes: source maps' sourcesContent, inline JSON, bundled strings.
const ESCAPE = /\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([nrtbf"'\\/]))/g;
const SIMPLE: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
function unescape(m: RegExpExecArray): string {
  const hex = m[1] ?? m[2];
  if (hex !== undefined) return String.fromCharCode(parseInt(hex, 16));
  return SIMPLE[m[3]!] ?? m[3]!;
}

// One character at a time (its whole UTF-8 sequence), so each decoded character maps back to
// its own `%XX` and a value inside a long encoded query is placed exactly.
const PERCENT = /%[C-Dc-d][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ee][0-9A-Fa-f](?:%[89ABab][0-9A-Fa-f]){2}|%[Ff][0-7](?:%[89ABab][0-9A-Fa-f]){3}|%[0-9A-Fa-f]{2}/g;
function decodePercent(m: RegExpExecArray): string {
  try {
    return decodeURIComponent(m[0]);
  } catch {
    // A lone byte that is not UTF-8: as Latin-1, so ASCII around it still reads.
    return String.fromCharCode(parseInt(m[0].slice(1, 3), 16));
  }
}

// Tags that split words inside a line (syntax highlighting wraps every token in a span); every
// other tag ends a line of text, so cells and paragraphs do not run together into false values.
const INLINE = new Set('a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp small span strong sub sup time u var wbr'.split(' '));
const TAG = /<!--[\s\S]*?-->|<\/?([A-Za-z][\w-]*)[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/g;
function stripTag(m: RegExpExecArray): string {
  return m[1] !== undefined && INLINE.has(m[1].toLowerCase()) ? '' : '\n';
}

const MARKUP = /\.(?:html?|xhtml|xml|svg|atom|rss)$/i;
const FEED = /\.(?:xml|atom|rss)$/i;

// In a feed, the elements whose text a reader renders as HTML: RSS `description` and
// `content:encoded` always; Atom `content` and `summary` unless typed otherwise (untyped is text
// by the spec, but readers sniff and render markup), `title`, `subtitle`, `rights` when typed HTML.
const FEED_TOKEN =
  /<(\/?)(?:[\w-]+:)?(content|encoded|summary|description|title|subtitle|rights)\b((?:[^>"']|"[^"]*"|'[^']*')*)>|<!\[CDATA\[|\]\]>|&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;
const ALWAYS_HTML = new Set(['description', 'encoded']);
const TYPED = new Set(['title', 'subtitle', 'rights']);

function carriesHtml(name: string, attributes: string): boolean {
  if (attributes.trimEnd().endsWith('/')) return false;
  if (ALWAYS_HTML.has(name)) return true;
  const type = /\btype\s*=\s*["']([^"']*)["']/i.exec(attributes)?.[1]?.toLowerCase();
  if (type === 'html' || type === 'text/html') return true;
  return !TYPED.has(name) && type === undefined;
}

/**
 * A feed with the text of its HTML-carrying elements read as XML reads it (one round of entities,
 * CDATA sections unwrapped): the HTML a reader renders, still in place among the feed's tags.
 * Undefined when no such element needed decoding (the raw view already is that HTML).
 */
function feedHtmlView(raw: View): View | undefined {
  let open: string | undefined;
  let cdata = false;
  return rewrite(raw, 'feed XML', FEED_TOKEN, (m) => {
    const token = m[0];
    if (cdata) {
      if (token !== ']]>') return undefined;
      cdata = false;
      return '';
    }
    if (m[2] !== undefined) {
      if (m[1]) open = open === m[2] ? undefined : open;
      else if (open === undefined && carriesHtml(m[2], m[3]!)) open = m[2];
      return undefined;
    }
    if (open === undefined) return undefined;
    if (token === '<![CDATA[') {
      cdata = true;
      return '';
    }
    return m[4] === undefined ? undefined : decodeReference(m[4]);
  });
}

/** One decoded view of `base` (HTML entities, then JSON/JS escapes, then %XX: each only when the text has them). */
function decodedView(base: View): View | undefined {
  let decoded = base;
  if (decoded.text.includes('&')) decoded = rewrite(decoded, 'HTML entities', ENTITY, decodeEntity) ?? decoded;
  if (decoded.text.includes('\\')) decoded = rewrite(decoded, 'JSON escapes', ESCAPE, unescape) ?? decoded;
  if (decoded.text.includes('%')) decoded = rewrite(decoded, 'URL escapes', PERCENT, decodePercent) ?? decoded;
  return decoded === base ? undefined : decoded;
}

/** The text between tags with entities decoded. Tags first: `&lt;` in text is a character, not the start of a tag. */
function htmlTextView(base: View): View | undefined {
  const stripped = rewrite(base, 'tags', TAG, stripTag);
  return stripped && ((stripped.text.includes('&') && rewrite(stripped, 'HTML entities', ENTITY, decodeEntity)) || stripped);
}

/**
 * The views of a file worth scanning: the raw text, its decoded view, and for markup (named by
 * its path, less .gz/.br) its HTML text. A feed's escaped HTML (decoded twice by a reader: once as
 * XML, once as HTML) gets the decoded and HTML-text views of its own.
 */
export function viewsOf(path: string, text: string): View[] {
  const raw = rawView(text);
  const name = path.replace(/\.(?:gz|br)$/i, '');
  const bases = [raw];
  const feed = FEED.test(name) ? feedHtmlView(raw) : undefined;
  if (feed) bases.push(feed);
  const views: View[] = [];
  for (const base of bases) {
    views.push(base);
    const decoded = decodedView(base);
    if (decoded) views.push(decoded);
    const html = MARKUP.test(name) ? htmlTextView(base) : undefined;
    if (html) views.push(html);
  }
  return views;
}
