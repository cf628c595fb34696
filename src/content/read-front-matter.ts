import { parse as parseToml, TomlError } from 'smol-toml';
import type { VFile } from 'vfile';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import type { Point } from 'unist';
import { didYouMean } from '../report/did-you-mean.ts';
import { emit } from '../report/emit.ts';

export interface FrontMatterBlock {
  kind: 'yaml' | 'toml';
  value: string;
  /** The opening fence's place in the file; the header's first line is the line after it. */
  start: Point;
}

const SOURCE = 'frontmatter';

/** Keys whose bad values have their own rule id, so a report can be filtered by concern. */
const VALUE_RULES: Record<string, string> = {
  slug: 'frontmatter-slug-invalid',
  aliases: 'frontmatter-alias-invalid',
  date: 'frontmatter-date-invalid',
  updated: 'frontmatter-date-invalid',
};

/** What is read: an entry or a page, and the keys its header needs at least. */
export interface HeaderKind<S extends z.ZodObject> {
  name: 'entry' | 'page';
  schema: S;
  required: string;
  /** Hints for keys of the other kind (an entry's `tags` on a page). */
  foreign?: Record<string, string>;
}

/**
 * Parse and validate an entry's or page's header, reporting syntax errors and schema issues on
 * the vfile at the line and column of the offending key or value. Undefined when it is invalid.
 */
export function readFrontMatter<S extends z.ZodObject>(file: VFile, block: FrontMatterBlock | undefined, kind: HeaderKind<S>): { data: z.output<S> & Record<string, unknown>; place: (path: PropertyKey[]) => Point } | undefined {
  if (!block) {
    emit(file, `Unexpected ${kind.name} without front matter, expected a \`---\` YAML header`, {
      place: { line: 1, column: 1 },
      ruleId: 'frontmatter-missing',
      source: SOURCE,
      hint: `Start the file with \`---\`, the keys ${kind.required}, then \`---\`.`,
    });
    return undefined;
  }
  const locator = block.kind === 'yaml' ? yamlLocator(file, block) : tomlLocator(file, block);
  if (!locator) return undefined;
  const result = kind.schema.safeParse(locator.data);
  if (result.success) return { data: result.data as z.output<S> & Record<string, unknown>, place: (path) => locator.place(path) ?? block.start };
  const known = Object.keys(kind.schema.shape);
  for (const issue of result.error.issues) reportIssue(file, issue, locator, known, block.start, kind);
  return undefined;
}

export interface Locator {
  data: unknown;
  /** Place of the value at `path`, or of the key `key` inside the mapping at `path`. */
  place(path: PropertyKey[], key?: string): Point | undefined;
}

function reportIssue(file: VFile, issue: z.core.$ZodIssue, locator: Locator, known: string[], start: Point, kind: HeaderKind<z.ZodObject>): void {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) {
      const top = path.length === 0;
      const suggestion = top ? didYouMean(key, known) : undefined;
      emit(file, `Unexpected key \`${[...path, key].join('.')}\`, expected one of ${top ? known.join(', ') : 'the documented keys'}`, {
        place: locator.place(path, key) ?? start,
        ruleId: 'frontmatter-unknown-key',
        source: SOURCE,
        hint: suggestion ? `Did you mean \`${suggestion}\`?` : ((top ? kind.foreign?.[key] : undefined) ?? 'Remove the key, or add it to `frontMatter.fields` in site.config.ts.'),
      });
    }
    return;
  }
  const name = path.join('.') || '(header)';
  const found = locator.place(path);
  if (!found) {
    emit(file, `Unexpected missing key \`${name}\`, expected it in the front matter`, {
      place: start,
      ruleId: 'frontmatter-missing-key',
      source: SOURCE,
      hint: `Add \`${String(path.at(-1))}:\` to the header; see the ${kind.name} format in the README.`,
    });
    return;
  }
  emit(file, `Unexpected value for \`${name}\`, ${issue.message.replace(/^Invalid input: /, '')}`, {
    place: found,
    ruleId: VALUE_RULES[String(path[0])] ?? 'frontmatter-invalid-value',
    source: SOURCE,
    hint: `See the ${kind.name} format in the README for the type of each key.`,
  });
}

function yamlLocator(file: VFile, block: FrontMatterBlock): Locator | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(block.value, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): Point => {
    const pos = lineCounter.linePos(offset);
    return { line: block.start.line + pos.line, column: pos.col };
  };
  // Only the first: later YAML errors are mostly echoes of it.
  const error = doc.errors[0];
  if (error) {
    emit(file, `Unexpected YAML: ${error.message.split('\n')[0]}`, {
      place: at(error.pos[0]),
      ruleId: 'frontmatter-yaml',
      source: SOURCE,
      hint: 'Fix the YAML syntax; quote values that contain `: ` or start with a special character.',
    });
    return undefined;
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    emit(file, 'Unexpected front matter that is not a mapping, expected `key: value` lines', {
      place: at(0),
      ruleId: 'frontmatter-yaml',
      source: SOURCE,
      hint: 'Write one `key: value` per line.',
    });
    return undefined;
  }
  return {
    data: doc.toJS() ?? {},
    place(path, key) {
      const node = key === undefined ? nodeAt(doc, path) : keyNode(doc, path, key);
      return node?.range ? at(node.range[0]) : undefined;
    },
  };
}

function nodeAt(doc: Document, path: PropertyKey[]): YamlNode | undefined {
  const node = doc.getIn(path as (string | number)[], true);
  return node && typeof node === 'object' && 'range' in (node as object) ? (node as YamlNode) : undefined;
}

function keyNode(doc: Document, path: PropertyKey[], key: string): YamlNode | undefined {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path as (string | number)[], true);
  if (!isMap(parent)) return undefined;
  for (const pair of parent.items) {
    if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return pair.key;
  }
  return undefined;
}

function tomlLocator(file: VFile, block: FrontMatterBlock): Locator | undefined {
  let data: unknown;
  try {
    data = parseToml(block.value);
  } catch (error) {
    const e = error as TomlError;
    emit(file, `Unexpected TOML: ${String(e.message).split('\n')[0]}`, {
      place: { line: block.start.line + (e.line ?? 1), column: e.column ?? 1 },
      ruleId: 'frontmatter-toml',
      source: SOURCE,
      hint: 'Fix the TOML syntax (`key = "value"`).',
    });
    return undefined;
  }
  const lines = block.value.split(/\r?\n/);
  return {
    data,
    // TOML keeps no positions; the line that assigns the last named key is close enough.
    place(path, key) {
      const name = key ?? [...path].reverse().find((p): p is string => typeof p === 'string');
      if (name === undefined) return undefined;
      const index = lines.findIndex((l) => new RegExp(`^\\s*(\\[\\[?)?\\s*["']?${escape(name)}["']?\\s*(=|\\])`).test(l));
      if (index < 0) return undefined;
      return { line: block.start.line + index + 1, column: lines[index]!.search(/\S/) + 1 };
    },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
