/** Values a Zola shortcode argument can hold (its grammar: strings, booleans, numbers, arrays). */
export type ShortcodeValue = string | number | boolean | ShortcodeValue[];

export interface Shortcode {
  name: string;
  args: Record<string, ShortcodeValue>;
  /** The text between `{% name() %}` and `{% end %}`; undefined for `{{ name() }}`. */
  body: string | undefined;
  // The escaped form (`/*` and `*/` inside the braces): Zola prints the call instead of running it.
  escaped: boolean;
  start: number;
  end: number;
}

const CALL = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/y;

/**
 * Find the top-level shortcodes of a page body with Zola's grammar (`content.pest`): inline
 * `{{ name(k=v) }}`, with a body `{% name(k=v) %}...{% end %}` (bodies may nest), and their
 * escaped forms. Text that does not parse as a call is text, as in Zola.
 */
export function findShortcodes(text: string): Shortcode[] {
  const found: Shortcode[] = [];
  let i = 0;
  while (i < text.length) {
    const next = text.slice(i).search(/\{[{%]/);
    if (next < 0) break;
    const at = i + next;
    const sc = parseAt(text, at);
    if (sc) {
      found.push(sc);
      i = sc.end;
    } else i = at + 2;
  }
  return found;
}

function parseAt(text: string, at: number): Shortcode | undefined {
  const inline = text[at + 1] === '{';
  const escaped = text.startsWith('/*', at + 2);
  const open = parseCall(text, at + 2 + (escaped ? 2 : 0));
  if (!open) return undefined;
  const close = (inline ? '}}' : '%}');
  const tail = new RegExp(`\\s*${escaped ? '\\*/' : ''}${close.replace(/[{}%]/g, '\\$&')}`, 'y');
  tail.lastIndex = open.end;
  if (!tail.exec(text)) return undefined;
  const headEnd = tail.lastIndex;
  if (inline) return { name: open.name, args: open.args, body: undefined, escaped, start: at, end: headEnd };
  const end = findEnd(text, headEnd, escaped);
  if (!end) return undefined;
  return { name: open.name, args: open.args, body: text.slice(headEnd, end.bodyEnd), escaped, start: at, end: end.end };
}

/** The matching `{% end %}`, skipping nested bodies. */
function findEnd(text: string, from: number, escaped: boolean): { bodyEnd: number; end: number } | undefined {
  const endTag = escaped ? /\{%\/\*\s*end\s*\*\/%\}/y : /\{%\s*end\s*%\}/y;
  let i = from;
  while (i < text.length) {
    const next = text.slice(i).search(/\{[{%]/);
    if (next < 0) return undefined;
    const at = i + next;
    endTag.lastIndex = at;
    if (endTag.exec(text)) return { bodyEnd: at, end: endTag.lastIndex };
    const nested = parseAt(text, at);
    i = nested ? nested.end : at + 2;
  }
  return undefined;
}

function parseCall(text: string, from: number): { name: string; args: Record<string, ShortcodeValue>; end: number } | undefined {
  CALL.lastIndex = from;
  const head = CALL.exec(text);
  if (!head || head[1] === 'end') return undefined;
  const args: Record<string, ShortcodeValue> = {};
  const reader = new Reader(text, CALL.lastIndex);
  reader.space();
  if (reader.eat(')')) return { name: head[1]!, args, end: reader.pos };
  for (;;) {
    const key = reader.ident();
    if (!key) return undefined;
    reader.space();
    if (!reader.eat('=')) return undefined;
    const value = reader.literal();
    if (value === undefined) return undefined;
    args[key] = value;
    reader.space();
    if (reader.eat(')')) return { name: head[1]!, args, end: reader.pos };
    if (!reader.eat(',')) return undefined;
  }
}

class Reader {
  constructor(readonly text: string, public pos: number) {}

  space(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  eat(ch: string): boolean {
    this.space();
    if (this.text[this.pos] !== ch) return false;
    this.pos++;
    return true;
  }

  ident(): string | undefined {
    this.space();
    const m = /[A-Za-z_][A-Za-z0-9_]*/y;
    m.lastIndex = this.pos;
    const hit = m.exec(this.text);
    if (!hit) return undefined;
    this.pos = m.lastIndex;
    return hit[0];
  }

  literal(): ShortcodeValue | undefined {
    this.space();
    const ch = this.text[this.pos];
    if (ch === '"' || ch === "'" || ch === '`') {
      const close = this.text.indexOf(ch, this.pos + 1);
      if (close < 0) return undefined;
      const value = this.text.slice(this.pos + 1, close);
      this.pos = close + 1;
      return value;
    }
    if (ch === '[') {
      this.pos++;
      const items: ShortcodeValue[] = [];
      while (!this.eat(']')) {
        const item = this.literal();
        if (item === undefined) return undefined;
        items.push(item);
        if (!this.eat(',') && this.text[this.pos] !== ']') {
          this.space();
          if (this.text[this.pos] !== ']') return undefined;
        }
      }
      return items;
    }
    const m = /true|false|-?(?:0|[1-9]\d*)(?:\.\d+)?/y;
    m.lastIndex = this.pos;
    const hit = m.exec(this.text);
    if (!hit) return undefined;
    this.pos = m.lastIndex;
    return hit[0] === 'true' ? true : hit[0] === 'false' ? false : Number(hit[0]);
  }
}
