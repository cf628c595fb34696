import { createHash } from 'node:crypto';
import type { Finding } from '../report/finding.ts';
import { readFileText } from './read-file-text.ts';
import type { Hit, Rule } from './rule.ts';
import { rules } from './rules/index.ts';
import { viewsOf, type View } from './views.ts';

export interface AllowEntry {
  fingerprint: string;
  reason: string;
}

export interface ScanTextOptions {
  /** `leak.allow` of site.config.ts: findings with these fingerprints come back suppressed. */
  allow?: readonly AllowEntry[];
}

/** A hit placed in the raw text, with the rule and the view that found it. */
interface LeakHit extends Hit {
  rule: Rule;
  view: View;
}

/** sha256 hex of `ruleId + '\0' + normalizedValue`: what `leak.allow` lists. */
export function fingerprint(ruleId: string, normalized: string): string {
  return createHash('sha256').update(`${ruleId}\0${normalized}`).digest('hex');
}

const anchored = rules.filter((r) => r.anchor);
const unanchored = rules.filter((r) => !r.anchor);
const TRIGGER = new RegExp(anchored.map((r) => `(${r.anchor!.source})`).join('|'), 'g');

/** The rules worth running on `text`: those without an anchor, and those whose anchor occurs. */
function rulesFor(text: string): Rule[] {
  const active = new Set(unanchored);
  TRIGGER.lastIndex = 0;
  for (let m = TRIGGER.exec(text); m && active.size < rules.length; m = TRIGGER.exec(text)) {
    active.add(anchored[m.findIndex((g, i) => i > 0 && g !== undefined) - 1]!);
  }
  return rules.filter((r) => active.has(r));
}

/** Every leak in `text` over every view, in raw offsets, each place reported once. */
function findLeaks(path: string, text: string): LeakHit[] {
  const hits: LeakHit[] = [];
  for (const view of viewsOf(path, text)) {
    for (const rule of rulesFor(view.text)) {
      rule.pattern.lastIndex = 0;
      for (let m = rule.pattern.exec(view.text); m; m = rule.pattern.exec(view.text)) {
        const verdict = rule.check(m, view.text);
        if (!verdict) continue;
        const start = view.toRaw(verdict.start ?? m.index);
        const end = view.toRaw(verdict.end ?? m.index + m[0].length);
        hits.push({ ...verdict, start, end, rule, view });
      }
    }
  }
  return dropOverlaps(hits);
}

/**
 * Views see the same value more than once, and some see more of it (a key body split by tags,
 * a key type hidden by an entity): of overlapping hits of one rule keep the widest, the one a
 * person would point at.
 */
function dropOverlaps(hits: LeakHit[]): LeakHit[] {
  hits.sort((a, b) => a.start - b.start || b.end - a.end || a.rule.id.localeCompare(b.rule.id));
  const kept: LeakHit[] = [];
  const reach = new Map<string, number>();
  for (const hit of hits) {
    if (hit.start < (reach.get(hit.rule.id) ?? -1)) continue;
    reach.set(hit.rule.id, Math.max(hit.end, hit.start + 1));
    kept.push(hit);
  }
  return kept;
}

/** 1-based line and column of each offset, from one pass over the line breaks. */
function locator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

function viewNote(view: View): string {
  if (view.name === 'html-text') {
    const before = view.steps.slice(0, view.steps.indexOf('tags'));
    return ` (in the HTML text, across tags${before.length > 0 ? `, after decoding ${before.join(', ')}` : ''})`;
  }
  return view.name === 'decoded' ? ` (after decoding ${view.steps.join(', ')})` : '';
}

/**
 * Scan one file (`path` relative to the scanned root, POSIX) given as text or as its bytes
 * (then `.gz`/`.br` are decompressed and binaries skipped). The docs generator calls this for
 * pages it holds in memory.
 */
export function scanText(path: string, content: string | Uint8Array, options: ScanTextOptions = {}): Finding[] {
  let text: string;
  let decompressed = false;
  if (typeof content === 'string') text = content;
  else {
    const read = readFileText(path, content);
    if (read.kind === 'binary') return [];
    if (read.kind === 'unreadable') {
      return [
        {
          file: path,
          line: 1,
          column: 1,
          ruleId: 'leak-unreadable',
          severity: 'error',
          message: `Unexpected undecodable file, expected valid ${read.reason} data`,
          hint: 'A compressed file that cannot be opened cannot be checked for leaks; rebuild it or remove it.',
          source: 'leak',
        },
      ];
    }
    ({ text, decompressed } = read);
  }
  const hits = findLeaks(path, text);
  if (hits.length === 0) return [];
  const place = locator(text);
  const allowed = new Map((options.allow ?? []).map((a) => [a.fingerprint, a.reason]));
  return hits.map((hit) => {
    const print = fingerprint(hit.rule.id, hit.normalized);
    const reason = allowed.get(print);
    const where = `${viewNote(hit.view)}${decompressed ? ' (decompressed)' : ''}`;
    return {
      file: path,
      ...place(hit.start),
      ruleId: hit.rule.id,
      severity: 'error',
      message:
        `Unexpected ${hit.what} \`${hit.preview}\`${where}, expected nothing private in published output` +
        (reason === undefined ? '' : ` (allowed: ${reason})`),
      hint: `${hit.rule.hint} Fingerprint: ${print}.`,
      source: 'leak',
      fingerprint: print,
      ...(reason === undefined ? {} : { suppressed: true }),
    } satisfies Finding;
  });
}
