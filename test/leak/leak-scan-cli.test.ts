import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { findingSchema } from '../../src/report/finding.ts';
import { runCli, type CliResult } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { corpusSkipReason, fragments, makeCorpus } from './fixtures.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const skip = corpusSkipReason();
const corpus = skip ? undefined : await makeCorpus();
const runs = new Map<string, CliResult>();
if (corpus) {
  for (const format of ['text', 'json', 'sarif']) runs.set(format, await runCli(['leak-scan', corpus.site, '--format', format], projectRoot));
}

test('exit 1 on findings in every format, nothing on stderr', { skip }, () => {
  for (const [format, run] of runs) {
    assert.equal(run.code, 1, format);
    assert.equal(run.stderr, '', format);
  }
});

test('no planted value appears in stdout or stderr of any format', { skip }, () => {
  for (const [format, run] of runs) {
    // Traps whole (some are prose around a header a preview names); leaks whole and in part.
    for (const planted of [...corpus!.leaks, ...corpus!.traps]) {
      for (const piece of planted.rule ? fragments(planted.value) : [planted.value]) {
        assert.ok(!run.stdout.includes(piece) && !run.stderr.includes(piece), `${planted.label} printed in ${format}`);
      }
    }
  }
});

test('--format json is an array of findings with fingerprints', { skip }, () => {
  const parsed = JSON.parse(runs.get('json')!.stdout) as unknown[];
  assert.equal(parsed.length, corpus!.expected.length);
  for (const item of parsed) {
    const finding = findingSchema.parse(item);
    assert.match(finding.ruleId, /^leak-/);
    assert.match(finding.fingerprint ?? '', /^[0-9a-f]{64}$/);
  }
});

test('--format sarif is SARIF 2.1.0 with one placed result per finding', { skip }, () => {
  const sarif = JSON.parse(runs.get('sarif')!.stdout) as {
    version: string;
    runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
  };
  assert.equal(sarif.version, '2.1.0');
  const [run] = sarif.runs;
  const results = run!.results.map((r) => {
    const { artifactLocation, region } = r.locations[0]!.physicalLocation;
    return `${artifactLocation.uri}:${region.startLine}:${region.startColumn} ${r.ruleId}`;
  });
  const want = corpus!.expected.map((e) => `${e.file}:${e.line}:${e.column} ${e.ruleId}`);
  assert.deepEqual(results.sort(), want.sort());
  const ids = new Set(run!.tool.driver.rules.map((r) => r.id));
  for (const r of run!.results) assert.ok(ids.has(r.ruleId), r.ruleId);
});

test('text format: path:line:col  error  message  rule-id, with the fingerprint in the hint', { skip }, () => {
  const lines = runs.get('text')!.stdout.split('\n');
  const first = corpus!.expected.map((e) => `${e.file}:${e.line}:${e.column}`).sort()[0]!;
  assert.ok(lines.some((l) => l.startsWith(`${first}  error  Unexpected `) && / leak-[a-z0-9-]+$/.test(l)));
  assert.ok(lines.some((l) => /^ {2}hint: .*Fingerprint: [0-9a-f]{64}\.$/.test(l)));
});

test('a clean tree is exit 0', { skip }, async () => {
  const run = await runCli(['leak-scan', path.join(corpus!.site, 'traps'), '--format', 'json'], projectRoot);
  assert.equal(run.code, 0, run.stdout);
  assert.deepEqual(JSON.parse(run.stdout), []);
});

const usageCases: { name: string; args: (dir: string) => string[]; hint: RegExp }[] = [
  { name: 'no directory', args: () => ['leak-scan'], hint: /exactly one/ },
  { name: 'two directories', args: (d) => ['leak-scan', d, d], hint: /exactly one/ },
  { name: 'unknown format', args: (d) => ['leak-scan', d, '--format', 'xml'], hint: /Unexpected format `xml`/ },
  { name: 'not a directory', args: (d) => ['leak-scan', path.join(d, 'missing')], hint: /expected a directory/ },
  { name: 'unknown option', args: (d) => ['leak-scan', d, '--fromat', 'json'], hint: /fromat/ },
];
for (const c of usageCases) {
  test(`usage error: ${c.name} is exit 2`, async () => {
    const dir = await tempDir();
    const run = await runCli(c.args(dir), projectRoot);
    assert.equal(run.code, 2);
    assert.match(run.stderr, c.hint);
  });
}

/** A project whose site.config.ts allows `allow`, with galley installed as a user has it. */
async function project(allow: { fingerprint: string; reason: string }[]): Promise<string> {
  const dir = await tempDir('galley-leak-config-');
  await mkdir(path.join(dir, 'node_modules'));
  await symlink(projectRoot, path.join(dir, 'node_modules', 'galley'));
  await writeFile(
    path.join(dir, 'site.config.ts'),
    `import { defineConfig } from 'galley';\nexport default defineConfig({ leak: { allow: ${JSON.stringify(allow)} } });\n`,
  );
  await mkdir(path.join(dir, 'site'));
  await writeFile(path.join(dir, 'site', 'index.html'), '<p>lab router: 192.168.77.1</p>\n<p>nas: 10.77.0.9</p>\n');
  return dir;
}

test('suppression only by fingerprint in site.config.ts: reported as suppressed, exit 0 when all are', async () => {
  const bare = await project([]);
  const before = JSON.parse((await runCli(['leak-scan', 'site', '--format', 'json'], bare)).stdout) as { fingerprint: string; line: number }[];
  assert.equal(before.length, 2);

  const one = await project([{ fingerprint: before[0]!.fingerprint, reason: 'the router address is in the lab guide' }]);
  const partial = await runCli(['leak-scan', 'site', '--format', 'json'], one);
  assert.equal(partial.code, 1);
  const findings = JSON.parse(partial.stdout) as { suppressed?: boolean; severity: string; message: string }[];
  assert.deepEqual(findings.map((f) => f.suppressed ?? false), [true, false]);
  assert.equal(findings[0]!.severity, 'error');
  assert.match(findings[0]!.message, /allowed: the router address is in the lab guide/);

  const all = await project(before.map((f) => ({ fingerprint: f.fingerprint, reason: 'documented lab plan' })));
  const clean = await runCli(['leak-scan', 'site'], all);
  assert.equal(clean.code, 0, clean.stdout);
  assert.match(clean.stdout, /error \(suppressed\)/);
});
