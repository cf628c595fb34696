import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import type { Finding } from '../../report/finding.ts';
import { FLEET_COMMAND } from './fleet-command.ts';
import { fleetSchema, type Fleet } from './schema.ts';

const HINT = `Produce it with \`${FLEET_COMMAND}\` (roles as in fleet.nix's header); it carries roles, packages and schedules only.`;
const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/**
 * Parse and validate `fleet.json`. Bad JSON is one finding where the parser stopped; each schema
 * issue is a finding at the value (or key) it concerns, from the parse tree's offsets. Values are
 * never quoted in messages: a refused key may hold an address.
 */
export function readFleet(file: string, text: string): { fleet?: Fleet; findings: Finding[] } {
  const base = { file, severity: 'error' as const, source: 'fleet', hint: HINT };
  // What a shell's `> fleet.json` leaves when nix failed: its error went to the terminal, not here.
  if (text.trim() === '') {
    return { findings: [{ ...base, line: 1, column: 1, ruleId: 'fleet-nix-eval', message: 'Unexpected empty fleet projection, expected the JSON that nix eval prints', hint: 'nix eval printed nothing, so it failed and its error went to the terminal; or pass `--fleet` the flake\'s directory and galley shows that error.' }] };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, STRICT);
  const first = errors[0];
  if (first || !tree) {
    const reason = first ? printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'value expected';
    return { findings: [{ ...base, ...lineColumn(text, first?.offset ?? 0), ruleId: 'fleet-json-syntax', message: `Unexpected JSON syntax (${reason}), expected a JSON document` }] };
  }
  const parsed = fleetSchema.safeParse(JSON.parse(text));
  if (parsed.success) return { fleet: parsed.data, findings: [] };
  return { findings: parsed.error.issues.map((issue) => issueFinding(base, text, tree, issue)) };
}

function issueFinding(base: Omit<Finding, 'line' | 'column' | 'ruleId' | 'message'>, text: string, tree: Node, issue: z.core.$ZodIssue): Finding {
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  const where = path.length > 0 ? `\`${dotted(path)}\`` : 'the document';
  if (issue.code === 'unrecognized_keys') {
    const keyNode = findNodeAtLocation(tree, [...path, issue.keys[0]!])?.parent?.children?.[0];
    return {
      ...base, ...lineColumn(text, keyNode?.offset ?? nearest(tree, path)), ruleId: 'fleet-unknown-key',
      message: `Unexpected key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')} in ${where}, expected only the keys fleet.nix emits`,
      hint: 'The fleet projection never carries hostnames, addresses, users, keys or command lines; remove the key.',
    };
  }
  return { ...base, ...lineColumn(text, nearest(tree, path)), ruleId: 'fleet-schema', message: `Unexpected value at ${where}, ${issue.message.replace(/^Invalid input: /, '')}` };
}

/** Offset of the node at `path`, else of its nearest parent that exists. */
function nearest(tree: Node, path: (string | number)[]): number {
  for (let n = path.length; n > 0; n--) {
    const node = findNodeAtLocation(tree, path.slice(0, n));
    if (node) return node.offset;
  }
  return tree.offset;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

function dotted(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
