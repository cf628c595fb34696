import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildContext, Gate } from '../pipeline/gate.ts';
import { listTree } from '../output/list-tree.ts';
import type { Finding } from '../report/finding.ts';
import { PINS_FILE, sri384 } from './pins.ts';
import { vendorDir } from './vendor-dir.ts';

const SOURCE = 'vendor';

/**
 * Every file in `vendor/` is pinned in `vendor/pins.json` (name, version, source, sha384), its
 * bytes match the pin, and every page's `integrity` for it equals the pin.
 */
export const vendorGate: Gate = {
  name: 'vendor',
  async run(ctx: BuildContext): Promise<Finding[]> {
    const dir = vendorDir(ctx.root, ctx.config.paths.vendor);
    // Galley's own vendor/ (the project has none) is named by its full path.
    const vendorRel = (path.relative(ctx.root, dir).startsWith('..') ? dir : path.relative(ctx.root, dir)).split(path.sep).join('/');
    const at = (name: string, line = 1, column = 1) => ({ file: `${vendorRel}/${name}`, line, column, severity: 'error' as const, source: SOURCE });
    const findings: Finding[] = [];
    const names = (await listTree(dir).catch(() => [])).filter((n) => n !== PINS_FILE);
    if (ctx.pinsText !== undefined && !ctx.pins) {
      findings.push({ ...at(PINS_FILE), ruleId: 'vendor-pins-invalid', message: 'Unexpected vendor/pins.json that does not match its schema, expected `{ "files": { name: { name, version, source, sha384 } } }`', hint: 'Regenerate it with `npm run vendor:update`.' });
      return findings;
    }
    const pins = ctx.pins?.files ?? {};
    for (const name of names) {
      const pin = pins[name];
      if (!pin) {
        findings.push({ ...at(name), ruleId: 'vendor-unpinned', message: `Unexpected unpinned file \`${name}\` in vendor/, expected an entry in pins.json`, hint: 'Pin it (name, version, source, sha384) with `npm run vendor:update`, or delete it.' });
        continue;
      }
      const actual = sri384(await readFile(path.join(dir, name)));
      if (actual !== pin.sha384) {
        findings.push({ ...at(name), ruleId: 'vendor-hash-mismatch', message: `Unexpected bytes in \`${name}\` (${actual}), expected the pinned ${pin.sha384} of ${pin.name}@${pin.version}`, hint: 'Restore the file from its source (`npm run vendor:update`); never edit a vendored file by hand.' });
      }
    }
    for (const name of Object.keys(pins).sort()) {
      if (!names.includes(name)) findings.push({ ...at(PINS_FILE, pinLine(ctx.pinsText ?? '', name)), ruleId: 'vendor-missing', message: `Unexpected pin for \`${name}\` that is not in vendor/, expected the file`, hint: 'Run `npm run vendor:update`, or remove the pin.' });
    }
    if (!names.includes('htmx.min.js') && !pins['htmx.min.js']) {
      findings.push({ ...at(PINS_FILE), ruleId: 'vendor-missing', message: 'Unexpected site without vendor/htmx.min.js, expected the pinned htmx every page loads', hint: 'Run `npm run vendor:update` to vendor htmx from the htmx.org package.' });
    }
    const htmxPin = pins['htmx.min.js']?.sha384;
    for (const entry of ctx.entries) {
      for (const integrity of entry.scriptIntegrity) {
        if (htmxPin && integrity !== htmxPin) {
          findings.push({ file: entry.source, line: 1, column: 1, severity: 'error', source: SOURCE, ruleId: 'vendor-sri-mismatch', message: `Unexpected script integrity ${integrity}, expected the pin ${htmxPin}`, hint: 'The template must take the integrity from vendor/pins.json.' });
        }
      }
    }
    return findings;
  },
};

function pinLine(text: string, name: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(JSON.stringify(name)));
  return index + 1 || 1;
}
