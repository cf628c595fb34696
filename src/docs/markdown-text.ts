/** A name from the repository as inline code, safe inside a Markdown table cell. */
export function code(text: string): string {
  const clean = text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
  return clean === '' ? '—' : `\`${clean}\``;
}

/** Plain text for a table cell or a heading: no pipes, no line breaks, no raw HTML. */
export function text(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;');
}

export function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
