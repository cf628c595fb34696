// The contract with the build: the sample publication built by `buildSite`, published as is,
// passes the sidecar's manifest check and is served whole by nginx with the policy of design §6.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { listFiles, MANIFEST_PATH } from '../../src/output/manifest.ts';
import { runCycle } from '../../src/sync/cycle.ts';
import { isHashedAsset } from '../../src/sync/hashed-assets.ts';
import { projectRoot } from '../helpers/fixture-project.ts';
import { nginxSkip, serveWithNginx } from '../helpers/nginx.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { DeployRepo, makeKeys, type SiteFiles } from './fixtures.ts';

test('the sample publication, built and synced, is served file by file through nginx', { skip: nginxSkip }, async () => {
  const dir = await tempDir('galley-real-build-');
  const build = await buildSite({ root: projectRoot, outDir: path.join(dir, 'site'), env: { ...process.env, SOURCE_DATE_EPOCH: '1795000000' } });
  assert.ok(build.ok, 'the sample publication builds');
  const files: SiteFiles = {};
  for (const file of [...(await listFiles(build.outDir)).map((f) => f.path), MANIFEST_PATH]) {
    files[file] = await readFile(path.join(build.outDir, file));
  }
  const keys = await makeKeys(path.join(dir, 'keys'));
  const repo = await DeployRepo.create(dir);
  const revision = await repo.publish(files, { signWith: keys.signing });
  const dest = path.join(dir, 'srv');
  const outcome = await runCycle({
    repository: repo.url, ref: 'main', dest, allowedSigners: keys.allowedSigners, sshCommand: undefined,
    fetchTimeout: 60, maxDepth: 64, grace: 600, keep: 1,
  });
  assert.equal(outcome.revision, revision);
  const nginx = await serveWithNginx(path.join(dest, 'current'));
  const paths = Object.keys(files).filter((p) => p !== MANIFEST_PATH);
  assert.ok(paths.some(isHashedAsset), 'the build names its assets by hash');
  for (const file of paths) {
    const url = `${nginx.url}/${file.replace(/(^|\/)index\.html$/, '$1')}`;
    const response = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    const body = Buffer.from(await response.arrayBuffer());
    const expected = file === '404.html' ? 404 : 200; // the 404 page is served only as the 404
    assert.equal(response.status, expected, url);
    if (expected === 200) assert.ok(body.equals(files[file] as Buffer), `${url} serves the published bytes`);
    const cache = response.headers.get('cache-control') ?? '';
    if (isHashedAsset(file)) assert.match(cache, /immutable/, url);
    else if (file.endsWith('.html')) assert.equal(cache, 'no-cache', url);
  }
});
