import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { embeddedReposDir } from '../../src/publish/git-server/embedded-server.ts';
import { startDevPublish } from '../../src/publish/dev-publish.ts';
import { fixtureProject } from '../helpers/fixture-project.ts';
import { git } from './publish-fixture.ts';


test('npm start publishing: keys if missing, embedded server, build, publish; again is a no-op', async () => {
  const root = await fixtureProject();
  const env = { ...process.env, SOURCE_DATE_EPOCH: '1795000000' };
  const lines: string[] = [];

  const first = await startDevPublish({ root, env, port: 0, log: (l) => lines.push(l) });
  await first.server.close();
  assert.equal(first.build.ok, true);
  assert.equal(first.publish?.status, 'published');
  assert.match(lines.join('\n'), /created development keys/);
  const bare = path.join(embeddedReposDir(root), 'site.git');
  assert.equal(await git(bare, 'rev-parse', 'main'), first.publish?.commit);
  assert.equal(await git(bare, 'show', 'main:.galley/manifest.json').then((m) => JSON.parse(m).files.length), first.build.manifest?.files.length);

  const second = await startDevPublish({ root, env, port: 0 });
  await second.server.close();
  assert.equal(second.publish?.status, 'unchanged');
  assert.equal(await git(bare, 'rev-list', '--count', 'main'), '1');
});
