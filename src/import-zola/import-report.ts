import type { ShortcodeUse } from './convert-shortcodes.ts';
import type { ImportResult } from './import-site.ts';
import type { ImportRow, ImportStatus } from './import-log.ts';
import type { UrlHow } from './url-map.ts';

const STATUSES: ImportStatus[] = ['imported', 'converted', 'aliased', 'needs-person'];
const HOWS: UrlHow[] = ['same', 'alias', 'redirect', 'galley', 'template', 'draft', 'lost'];

export interface ShortcodeSummary {
  name: string;
  files: string[];
  count: number;
  outcome: 'converted' | 'needs a person' | 'partly converted';
}

/** The inventory: each shortcode's name, the files that call it, how often, and what became of it. */
export function shortcodeInventory(uses: readonly ShortcodeUse[]): ShortcodeSummary[] {
  const byName = new Map<string, ShortcodeUse[]>();
  for (const use of uses) byName.set(use.name, [...(byName.get(use.name) ?? []), use]);
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => {
      const converted = list.filter((u) => u.converted).length;
      return {
        name,
        files: [...new Set(list.map((u) => u.file))].sort(),
        count: list.length,
        outcome: converted === list.length ? 'converted' : converted === 0 ? 'needs a person' : 'partly converted',
      };
    });
}

function counts<T extends string>(keys: readonly T[], values: readonly T[]): Record<T, number> {
  return Object.fromEntries(keys.map((k) => [k, values.filter((v) => v === k).length])) as Record<T, number>;
}

const place = (row: ImportRow): string => (row.line > 0 ? `${row.file}:${row.line}` : row.file);

/** The report for the terminal: aligned columns, one line per row. */
export function reportText(result: ImportResult): string {
  const rows = result.log.sorted();
  const table = (header: string[], body: string[][]): string[] => {
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
    const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
    return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
  };
  const status = counts(STATUSES, rows.map((r) => r.status));
  const how = counts(HOWS, result.urls.map((u) => u.how));
  return [
    summaryLine(result),
    `${STATUSES.map((s) => `${s} ${status[s]}`).join(' · ')}`,
    '',
    ...table(['status', 'where', 'what', 'detail'], rows.map((r) => [r.status, place(r), r.subject, r.detail])),
    '',
    'Shortcodes:',
    ...table(['name', 'count', 'outcome', 'files'], shortcodeInventory(result.shortcodes).map((s) => [s.name, String(s.count), s.outcome, s.files.join(', ')])),
    '',
    `URLs: ${result.urls.length} written by Zola; ${HOWS.map((h) => `${h} ${how[h]}`).join(' · ')}`,
    ...result.urls.filter((u) => u.how === 'lost' || u.how === 'draft').map((u) => `  ${u.how === 'lost' ? 'lost ' : 'draft'}  ${u.url}  (${u.kind}, ${u.source})${u.to ? ` → ${u.to}` : ''}`),
    '',
  ].join('\n');
}

function summaryLine(result: ImportResult): string {
  const kinds = (['entry', 'page'] as const).map((kind) => {
    const all = result.entries.filter((e) => e.kind === kind);
    const drafts = all.filter((e) => e.draft).length;
    return `${all.length} ${kind === 'entry' ? 'entries' : 'pages'} (${all.length - drafts} published, ${drafts} drafts)`;
  });
  const needs = result.log.rows.filter((r) => r.status === 'needs-person').length;
  return `${kinds.join(', ')}; ${needs === 0 ? 'the import is complete' : `${needs} item${needs === 1 ? '' : 's'} need a person`}`;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** `import-report.md`: the same content as Markdown tables, plus every URL and each hint. */
export function reportMarkdown(result: ImportResult, sourceName: string): string {
  const rows = result.log.sorted();
  const status = counts(STATUSES, rows.map((r) => r.status));
  const how = counts(HOWS, result.urls.map((u) => u.how));
  const md = (header: string[], body: string[][]): string[] => [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...body.map((r) => `| ${r.map(cell).join(' | ')} |`)];
  const findings = result.log.findings();
  return [
    `# Import report: ${sourceName}`,
    '',
    summaryLine(result),
    '',
    ...md(['status', 'count'], STATUSES.map((s) => [s, String(status[s])])),
    '',
    '## What happened',
    '',
    ...md(['status', 'where', 'what', 'detail'], rows.map((r) => [r.status, place(r), r.subject, r.detail])),
    '',
    '## Needs a person',
    '',
    ...(findings.length === 0 ? ['Nothing.'] : findings.map((f) => `- \`${f.file}:${f.line}:${f.column}\` ${f.message} (\`${f.ruleId}\`)${f.hint ? `\n  ${f.hint}` : ''}`)),
    '',
    '## Shortcodes',
    '',
    ...md(['name', 'count', 'outcome', 'files'], shortcodeInventory(result.shortcodes).map((s) => [`\`${s.name}\``, String(s.count), s.outcome, s.files.join(', ')])),
    '',
    '## URLs',
    '',
    `${result.urls.length} URLs written by Zola: ${HOWS.map((h) => `${h} ${how[h]}`).join(', ')}.`,
    '',
    ...md(['Zola URL', 'kind', 'how', 'served by'], result.urls.map((u) => [u.url, u.kind, u.how, u.to])),
    '',
  ].join('\n');
}
