// The vendor gate over vendor/ folders written here, one case per way a vendored file can go
// wrong. The sha384 values are literals computed with `openssl dgst -sha384 -binary | base64`,
// not with the code under test.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { configSchema } from '../../src/config/schema.ts';
import { vendorGate } from '../../src/pins/check-vendor.ts';
import { pinsSchema, readPinsText, sri384 } from '../../src/pins/pins.ts';
import { vendorDir } from '../../src/pins/vendor-dir.ts';
import type { BuildContext } from '../../src/pipeline/gate.ts';
import type { EntryResult } from '../../src/pipeline/process-entry.ts';
import { packageRoot } from '../../src/render/package-root.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const SRI = {
  htmx: 'sha384-FWR/LAdkT++VdU6dmP2wF5ueISQhhtAlg6mv8Z0fDQ2Gb59dXnNvSY048ZSSdas5',
  HTMX: 'sha384-TDTgK2GwWScUIcqolbVtEMmcJvYgpk9BWIpoVXV0+sZoO49ML4p5Cs9VgMlGF74S',
  other: 'sha384-cA2k5ShGbDszTFJ5DCwUz0SM78jrtzK+xEyMQFDiO7NqJbEU9UCtZBjvgxiEUqsK',
};
const pin = (sha384: string, name = 'htmx.org') => ({ name, version: '2.0.11', source: 'https://registry.npmjs.org/htmx.org/-/htmx.org-2.0.11.tgz', sha384 });
const pinsJson = (files: Record<string, unknown>) => `${JSON.stringify({ files }, null, 2)}\n`;

interface Case {
  name: string;
  /** vendor/'s files; a string instead of an object makes vendor a plain file; absent: no vendor/. */
  vendor?: Record<string, string> | string;
  /** The scripts' integrity on each entry page. */
  integrity?: string[];
  findings: { file: string; line: number; ruleId: string; message: string; hint: string }[];
}

const cases: Case[] = [
  {
    name: 'pinned htmx whose bytes and page integrity match',
    vendor: { 'htmx.min.js': 'htmx', 'pins.json': pinsJson({ 'htmx.min.js': pin(SRI.htmx) }) },
    integrity: [SRI.htmx],
    findings: [],
  },
  {
    name: 'a file that is not pinned',
    vendor: { 'htmx.min.js': 'htmx', 'extra.js': 'other', 'pins.json': pinsJson({ 'htmx.min.js': pin(SRI.htmx) }) },
    findings: [
      { file: 'vendor/extra.js', line: 1, ruleId: 'vendor-unpinned', message: 'Unexpected unpinned file `extra.js` in vendor/, expected an entry in pins.json', hint: 'Pin it (name, version, source, sha384) with `npm run vendor:update`, or delete it.' },
    ],
  },
  {
    name: 'bytes changed after pinning',
    vendor: { 'htmx.min.js': 'HTMX', 'pins.json': pinsJson({ 'htmx.min.js': pin(SRI.htmx) }) },
    findings: [
      {
        file: 'vendor/htmx.min.js',
        line: 1,
        ruleId: 'vendor-hash-mismatch',
        message: `Unexpected bytes in \`htmx.min.js\` (${SRI.HTMX}), expected the pinned ${SRI.htmx} of htmx.org@2.0.11`,
        hint: 'Restore the file from its source (`npm run vendor:update`); never edit a vendored file by hand.',
      },
    ],
  },
  {
    name: 'pins whose files are gone, by name, each placed at its line of pins.json',
    vendor: { 'htmx.min.js': 'htmx', 'pins.json': pinsJson({ 'htmx.min.js': pin(SRI.htmx), 'zz.js': pin(SRI.other, 'zz'), 'gone.js': pin(SRI.other, 'gone') }) },
    findings: [
      { file: 'vendor/pins.json', line: 15, ruleId: 'vendor-missing', message: 'Unexpected pin for `gone.js` that is not in vendor/, expected the file', hint: 'Run `npm run vendor:update`, or remove the pin.' },
      { file: 'vendor/pins.json', line: 9, ruleId: 'vendor-missing', message: 'Unexpected pin for `zz.js` that is not in vendor/, expected the file', hint: 'Run `npm run vendor:update`, or remove the pin.' },
    ],
  },
  {
    name: 'pinned htmx whose file is gone: the pin is named, once',
    vendor: { 'pins.json': pinsJson({ 'htmx.min.js': pin(SRI.htmx) }) },
    findings: [
      { file: 'vendor/pins.json', line: 3, ruleId: 'vendor-missing', message: 'Unexpected pin for `htmx.min.js` that is not in vendor/, expected the file', hint: 'Run `npm run vendor:update`, or remove the pin.' },
    ],
  },
  {
    name: 'no htmx at all',
    vendor: { 'pins.json': pinsJson({}) },
    findings: [
      { file: 'vendor/pins.json', line: 1, ruleId: 'vendor-missing', message: 'Unexpected site without vendor/htmx.min.js, expected the pinned htmx every page loads', hint: 'Run `npm run vendor:update` to vendor htmx from the htmx.org package.' },
    ],
  },
  {
    name: 'vendor is a file, not a folder',
    vendor: 'not a folder',
    findings: [
      { file: 'vendor/pins.json', line: 1, ruleId: 'vendor-missing', message: 'Unexpected site without vendor/htmx.min.js, expected the pinned htmx every page loads', hint: 'Run `npm run vendor:update` to vendor htmx from the htmx.org package.' },
    ],
  },
  {
    name: 'a page whose script integrity is not the pin',
    vendor: { 'htmx.min.js': 'htmx', 'pins.json': pinsJson({ 'htmx.min.js': pin(SRI.htmx) }) },
    integrity: [SRI.htmx, SRI.other],
    findings: [
      { file: 'content/entries/case.md', line: 1, ruleId: 'vendor-sri-mismatch', message: `Unexpected script integrity ${SRI.other}, expected the pin ${SRI.htmx}`, hint: 'The template must take the integrity from vendor/pins.json.' },
    ],
  },
  {
    name: 'pins.json that does not match its schema',
    vendor: { 'htmx.min.js': 'htmx', 'pins.json': pinsJson({ 'htmx.min.js': pin('sha384-short') }) },
    findings: [
      {
        file: 'vendor/pins.json',
        line: 1,
        ruleId: 'vendor-pins-invalid',
        message: 'Unexpected vendor/pins.json that does not match its schema, expected `{ "files": { name: { name, version, source, sha384 } } }`',
        hint: 'Regenerate it with `npm run vendor:update`.',
      },
    ],
  },
];

async function runGate(c: Case): Promise<BuildContext & { findings: Awaited<ReturnType<typeof vendorGate.run>> }> {
  const root = await tempDir('galley-vendor-');
  const dir = path.join(root, 'vendor');
  if (typeof c.vendor === 'string') await writeFile(dir, c.vendor);
  else if (c.vendor) {
    await mkdir(dir);
    for (const [name, content] of Object.entries(c.vendor)) await writeFile(path.join(dir, name), content);
  }
  const pinsText = typeof c.vendor === 'object' ? c.vendor['pins.json'] : undefined;
  const parsed = pinsText === undefined ? undefined : pinsSchema.safeParse(JSON.parse(pinsText));
  const entry = { source: 'content/entries/case.md', scriptIntegrity: c.integrity ?? [] } as EntryResult;
  const ctx = { root, config: configSchema.parse({}), entries: [entry], pins: parsed?.success ? parsed.data : undefined, pinsText } as BuildContext;
  return { ...ctx, findings: await vendorGate.run(ctx) };
}

describe('the vendor gate', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const { findings } = await runGate(c);
      assert.deepEqual(
        findings,
        c.findings.map((f) => ({ file: f.file, line: f.line, column: 1, severity: 'error', source: 'vendor', ruleId: f.ruleId, message: f.message, hint: f.hint })),
      );
    });
  }

  test("a project without vendor/ is held to galley's own, named by its full path", async () => {
    const own = path.join(packageRoot(), 'vendor');
    const pinsText = await readFile(path.join(own, 'pins.json'), 'utf8');
    const pins = pinsSchema.parse(JSON.parse(pinsText));
    const entry = { source: 'content/entries/case.md', scriptIntegrity: [SRI.other] } as EntryResult;
    const ctx = { root: await tempDir(), config: configSchema.parse({}), entries: [entry], pins, pinsText } as BuildContext;
    assert.deepEqual(
      (await vendorGate.run(ctx)).map((f) => [f.file, f.ruleId, f.message]),
      [['content/entries/case.md', 'vendor-sri-mismatch', `Unexpected script integrity ${SRI.other}, expected the pin ${pins.files['htmx.min.js']!.sha384}`]],
    );
    // Without its pins, galley's own htmx is unpinned, and named by its full path.
    assert.deepEqual(
      (await vendorGate.run({ ...ctx, pins: undefined, pinsText: undefined })).map((f) => [f.file, f.ruleId]),
      [[`${own}/htmx.min.js`, 'vendor-unpinned']],
    );
  });
});

test('vendorDir: the project folder when it exists, else galley\'s own', async () => {
  const root = await tempDir();
  assert.equal(vendorDir(root, 'vendor'), path.join(packageRoot(), 'vendor'));
  await mkdir(path.join(root, 'third-party'));
  assert.equal(vendorDir(root, 'third-party'), path.join(root, 'third-party'));
});

test('readPinsText: the text, nothing for a missing file, and an error for an unreadable one', async () => {
  const root = await tempDir();
  assert.equal(await readPinsText(root), undefined);
  await writeFile(path.join(root, 'pins.json'), '{"files":{}}\n');
  assert.equal(await readPinsText(root), '{"files":{}}\n');
  const folder = path.join(root, 'folder');
  await mkdir(path.join(folder, 'pins.json'), { recursive: true });
  await assert.rejects(readPinsText(folder), { code: 'EISDIR' });
});

test('sri384 and the pin schema: `sha384-` and 64 base64 characters', () => {
  assert.equal(sri384(Buffer.from('htmx')), SRI.htmx);
  assert.equal(sri384(new Uint8Array()), 'sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb');
  const files = (sha384: string, name = 'htmx.org') => pinsSchema.safeParse({ files: { 'htmx.min.js': { ...pin(sha384), name } } });
  assert.equal(files(SRI.htmx).success, true);
  for (const bad of [SRI.htmx.slice(0, -1), `${SRI.htmx}A`, `x${SRI.htmx}`, SRI.htmx.replace('sha384-', 'sha256-'), SRI.htmx.replace('F', '_')]) {
    const result = files(bad);
    assert.equal(result.success, false, bad);
    assert.equal(result.error?.issues[0]?.message, 'expected `sha384-` and 64 base64 characters');
  }
  assert.equal(files(SRI.htmx, '').success, false);
});
