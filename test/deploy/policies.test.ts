import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { checkPolicies } from '../../src/deploy/check-policies.ts';
import { parseObjects } from '../../src/deploy/kustomize-build.ts';
import type { TargetRole } from '../../src/deploy/load-manifests.ts';
import { isRecord, objectId, type K8sObject } from '../../src/deploy/objects.ts';
import { SourceIndex } from '../../src/deploy/source-index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const fixtures = path.join(here, 'fixtures');

interface PolicyCase {
  name: string;
  fixture: 'workload' | 'flux';
  set?: [string, string, unknown][];
  add?: K8sObject;
  expect: string[];
}

const roles: Record<PolicyCase['fixture'], TargetRole> = { workload: 'overlay', flux: 'flux-cluster' };
const cases = parse(await readFile(path.join(fixtures, 'policy-cases.yaml'), 'utf8')) as PolicyCase[];
const index = await SourceIndex.build(root);

for (const c of cases) {
  test(`policies: ${c.name} → ${c.expect.join(', ') || 'no finding'}`, async () => {
    const objects = parseObjects(await readFile(path.join(fixtures, `${c.fixture}.yaml`), 'utf8'), c.fixture);
    for (const [id, dotted, value] of c.set ?? []) setPath(find(objects, id), dotted, value);
    if (c.add) objects.push(c.add);
    const target = { dir: path.relative(root, fixtures), role: roles[c.fixture], objects };
    const findings = await checkPolicies(root, [target], index);
    assert.deepEqual([...new Set(findings.map((f) => f.ruleId))].sort(), [...c.expect].sort(), JSON.stringify(findings, null, 1));
    for (const f of findings) {
      assert.match(f.message, /^Unexpected /);
      assert.ok(f.hint, `${f.ruleId} has a hint`);
      assert.ok(f.line >= 1 && f.column >= 1, 'placed at a line and column');
    }
  });
}

test('policies: a kustomization reading a file outside the project root is refused', async () => {
  const dir = path.relative(root, path.join(fixtures, 'outside-root'));
  const findings = await checkPolicies(root, [{ dir, role: 'overlay', objects: [] }], index);
  assert.deepEqual(findings.map((f) => f.ruleId), ['deploy-outside-root']);
  assert.match(findings[0]?.message ?? '', /outside the project root/);
});

function find(objects: K8sObject[], id: string): K8sObject {
  const object = objects.find((o) => `${o.kind}/${o.metadata.name}` === id);
  assert.ok(object, `fixture has ${id}; it has ${objects.map(objectId).join(', ')}`);
  return object;
}

/** Set `a.b.0.c` to value, creating records on the way; null deletes the last key. */
function setPath(target: unknown, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  const last = keys.pop() as string;
  let node = target as Record<string, unknown>;
  for (const key of keys) {
    if (!isRecord(node[key]) && !Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  if (value === null) delete node[last];
  else node[last] = value;
}
