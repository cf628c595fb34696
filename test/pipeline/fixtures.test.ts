import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fixtureProject, projectRoot } from '../helpers/fixture-project.ts';
import { runCli } from '../helpers/run-cli.ts';

// Every folder of test/fixtures with an expected.json is one case: `files/` laid over the base project,
// `expected.json` with the exit code, the exact findings (file, line, column, rule id) and, for
// the positive cases, strings that must or must not be in output files.
interface Expected {
  description: string;
  command?: string[];
  mutate?: { file: string; offset: number; byte: number }[];
  exit: number;
  findings: { file: string; line: number; column: number; ruleId: string }[];
  outputs?: Record<string, { contains?: string[]; absent?: string[]; missing?: boolean }>;
}

const fixtures = path.join(projectRoot, 'test/fixtures');
// Other stages keep their fixtures beside these (docs/, zola-site/); a build case has expected.json.
const cases = (await readdir(fixtures)).filter((c) => !c.startsWith('_') && existsSync(path.join(fixtures, c, 'expected.json'))).sort();
const LINE = /^(\S.*?):(\d+):(\d+) {2}(error|warning|info)(?: \(suppressed\))? {2}.* {2}(\S+)$/;
const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

test('there are at least 25 bad-input cases', () => {
  assert.ok(cases.filter((c) => !c.startsWith('ok-')).length >= 25);
});

for (const name of cases) {
  test(`fixture ${name}`, async () => {
    const expected = JSON.parse(await readFile(path.join(fixtures, name, 'expected.json'), 'utf8')) as Expected;
    const files = path.join(fixtures, name, 'files');
    const dir = await fixtureProject(existsSync(files) ? files : undefined);
    for (const m of expected.mutate ?? []) {
      const bytes = await readFile(path.join(dir, m.file));
      bytes[m.offset] = m.byte;
      await writeFile(path.join(dir, m.file), bytes);
    }
    const result = await runCli(expected.command ?? ['build'], dir, env);
    const found = result.stderr
      .split('\n')
      .map((l) => LINE.exec(l))
      .filter((m) => m !== null)
      .map((m) => ({ file: m[1]!, line: Number(m[2]), column: Number(m[3]), ruleId: m[5]! }));
    assert.deepEqual(found, expected.findings, `${expected.description}\n${result.stderr}`);
    assert.equal(result.code, expected.exit, result.stderr);
    const site = path.join(dir, 'site');
    if (expected.exit !== 0) assert.equal(existsSync(site), false, 'a failed build writes no site/');
    for (const [file, want] of Object.entries(expected.outputs ?? {})) {
      const out = path.join(site, file);
      if (want.missing) {
        assert.equal(existsSync(out), false, `${file} should not be built`);
        continue;
      }
      const text = await readFile(out, 'utf8');
      for (const s of want.contains ?? []) assert.ok(text.includes(s), `${file} should contain ${s}`);
      for (const s of want.absent ?? []) assert.ok(!text.includes(s), `${file} must not contain ${s}`);
    }
  });
}
