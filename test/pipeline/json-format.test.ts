import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { findingSchema } from '../../src/report/finding.ts';
import { fixtureProject } from '../helpers/fixture-project.ts';
import { runCli } from '../helpers/run-cli.ts';

test('--format json: findings as objects with file, line, column, ruleId, severity, message, hint', async () => {
  const dir = await fixtureProject();
  await writeFile(path.join(dir, 'content/entries/bad.md'), '---\ntitle: Bad\ntitel: x\n---\nText.\n');
  const result = await runCli(['check', '--format', 'json'], dir);
  assert.equal(result.code, 1);
  const findings = findingSchema.array().parse(JSON.parse(result.stdout));
  const unknown = findings.find((f) => f.ruleId === 'frontmatter-unknown-key');
  assert.deepEqual([unknown?.file, unknown?.line, unknown?.column], ['content/entries/bad.md', 3, 1]);
  assert.equal(unknown?.hint, 'Did you mean `title`?');
  assert.ok(findings.every((f) => f.hint), 'every finding has a hint');
});

test('--format json on a broken site.config.ts: exit 2, the finding as JSON', async () => {
  const dir = await fixtureProject();
  await writeFile(path.join(dir, 'site.config.ts'), 'export default {\n  site: { titel: "x" },\n};\n');
  const result = await runCli(['build', '--format', 'json'], dir);
  assert.equal(result.code, 2);
  const [finding] = findingSchema.array().parse(JSON.parse(result.stdout));
  assert.equal(finding?.ruleId, 'config-unknown-key');
  assert.equal(finding?.line, 2);
  assert.equal(finding?.hint, 'Did you mean `title`?');
});
