import { parse as parseToml, TomlError } from 'smol-toml';
import { parse as parseYaml, YAMLParseError } from 'yaml';

export interface FrontMatter {
  format: 'toml' | 'yaml';
  data: Record<string, unknown>;
  body: string;
  /** 1-based line of the file where the body starts, so body lines map back to the file. */
  bodyLine: number;
  /** 1-based line of each key in the header, dotted for tables (`extra.status`). */
  keyLines: Map<string, number>;
}

export class FrontMatterError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
  }
}

// Zola's own rule: optional whitespace, a `+++` (TOML) or `---` (YAML) fence, the header, the fence.
const FENCES = { toml: /^\s*\+\+\+\r?\n([\s\S]*?)\+\+\+[ \t]*(?:\r?\n|$)/, yaml: /^\s*---\r?\n([\s\S]*?)---[ \t]*(?:\r?\n|$)/ };

/** Split a Zola content file into its parsed header and its Markdown body. */
export function splitFrontMatter(source: string): FrontMatter {
  for (const format of ['toml', 'yaml'] as const) {
    const match = FENCES[format].exec(source);
    if (!match) continue;
    const header = match[1]!;
    const headerLine = source.slice(0, match.index + match[0].indexOf(header)).split('\n').length;
    const data = parseHeader(format, header, headerLine);
    const bodyLine = source.slice(0, match[0].length).split('\n').length;
    return { format, data, body: source.slice(match[0].length), bodyLine, keyLines: keyLines(format, header, headerLine) };
  }
  throw new FrontMatterError('Unexpected file without front matter, expected a `+++` (TOML) or `---` (YAML) header', 1, 1);
}

function parseHeader(format: 'toml' | 'yaml', header: string, headerLine: number): Record<string, unknown> {
  try {
    const data = format === 'toml' ? parseToml(header) : parseYaml(header);
    return (data ?? {}) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : error instanceof YAMLParseError ? (error.linePos?.[0].line ?? 1) : 1;
    const column = error instanceof TomlError ? error.column : error instanceof YAMLParseError ? (error.linePos?.[0].col ?? 1) : 1;
    throw new FrontMatterError(`Unexpected ${format.toUpperCase()} in the header: ${(error as Error).message.split('\n')[0]}`, headerLine + line - 1, column);
  }
}

/** Where each key sits, for file:line in the report; a light scan is enough for that. */
function keyLines(format: 'toml' | 'yaml', header: string, headerLine: number): Map<string, number> {
  const lines = new Map<string, number>();
  let table = '';
  header.split('\n').forEach((text, i) => {
    const line = headerLine + i;
    if (format === 'toml') {
      const tableMatch = /^\s*\[([A-Za-z0-9_.-]+)\]\s*$/.exec(text);
      if (tableMatch) {
        table = `${tableMatch[1]}.`;
        lines.set(tableMatch[1]!, line);
        return;
      }
      const key = /^\s*([A-Za-z0-9_-]+)\s*=/.exec(text);
      if (key && !lines.has(table + key[1])) lines.set(table + key[1], line);
    } else {
      const top = /^([A-Za-z0-9_-]+)\s*:/.exec(text);
      if (top) {
        table = `${top[1]}.`;
        if (!lines.has(top[1]!)) lines.set(top[1]!, line);
        return;
      }
      const nested = /^\s+([A-Za-z0-9_-]+)\s*:/.exec(text);
      if (nested && !lines.has(table + nested[1])) lines.set(table + nested[1], line);
    }
  });
  return lines;
}
