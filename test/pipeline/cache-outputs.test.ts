import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { fixtureProject } from '../helpers/fixture-project.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };
const outputsIn = async (root: string): Promise<string[]> => {
  const state = JSON.parse(await readFile(path.join(root, '.galley/cache/state.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  return [...new Set(['stamps', 'dirs', 'last'].flatMap((k) => Object.keys(state[k]!)))].sort();
};

test('the cache keeps stamps for the output directories that exist, and drops a removed one', async () => {
  const root = await fixtureProject();
  for (const out of ['site', 'one-off']) assert.equal((await buildSite({ root, outDir: path.join(root, out), env })).ok, true);
  assert.deepEqual(await outputsIn(root), ['one-off', 'site']);
  await rm(path.join(root, 'one-off'), { recursive: true });
  const warm = await buildSite({ root, outDir: path.join(root, 'site'), env });
  assert.equal(warm.stats.written, 0, 'site/ itself is still current');
  assert.deepEqual(await outputsIn(root), ['site']);
});
