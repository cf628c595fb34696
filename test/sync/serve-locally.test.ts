// The serving half of `npm start`: the sync loop plus nginx (or the fallback server) on loopback.
import assert from 'node:assert/strict';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import type { CycleOutcome } from '../../src/sync/cycle.ts';
import type { SyncFailure } from '../../src/sync/failure.ts';
import { MANIFEST_PATH, manifestSchema } from '../../src/output/manifest.ts';
import { requestSync, signSyncRequest } from '../../src/publish/request-sync.ts';
import { proveServed, SERVED_MANIFEST } from '../../src/publish/served-proof.ts';
import { serveLocally } from '../../src/sync/serve-locally.ts';
import { NGINX_CONF, nginxSkip } from '../helpers/nginx.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { DeployRepo, makeKeys, siteFiles } from './fixtures.ts';

for (const nginx of [true, false]) {
  test(`serves the first verified release through ${nginx ? 'nginx' : 'the fallback server'}`, { skip: nginx ? nginxSkip : undefined }, async () => {
    const dir = await tempDir('galley-serve-locally-');
    const keys = await makeKeys(path.join(dir, 'keys'));
    const repo = await DeployRepo.create(dir);
    const files = siteFiles('v1');
    const v1 = await repo.publish(files, { signWith: keys.signing });
    let firstCycle!: (result: CycleOutcome | SyncFailure) => void;
    const cycled = new Promise<CycleOutcome | SyncFailure>((resolve) => (firstCycle = resolve));
    const log = new PassThrough();
    const serving = await serveLocally({
      repository: repo.url,
      sshCommand: 'ssh',
      allowedSigners: keys.allowedSigners,
      dest: path.join(dir, 'serve'),
      nginxConf: NGINX_CONF,
      nginx,
      log,
      onCycle: (result) => firstCycle(result),
    });
    try {
      assert.equal(serving.server, nginx ? 'nginx' : 'embedded static server');
      assert.equal((await cycled as CycleOutcome).revision, v1);
      const response = await fetch(`${serving.url}/entries/entry-1/`);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /data-version="v1"/);
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
      // What publish's served proof reads: the manifest at its well-known URL, then every file.
      const served = await fetch(`${serving.url}${SERVED_MANIFEST}`);
      assert.equal(await served.text(), files[MANIFEST_PATH]);
      assert.equal(served.headers.get('cache-control'), 'no-cache');
      const manifest = manifestSchema.parse(JSON.parse(String(files[MANIFEST_PATH])));
      const progress: string[] = [];
      const target = { url: serving.url, timeoutMs: 30_000, consecutive: 1, sidecars: [], progress: (line: string) => progress.push(line) };
      assert.equal((await proveServed(target, v1, manifest)).filesChecked, manifest.files.length);
      assert.equal(progress[0], `waiting for ${serving.url} to serve ${v1.slice(0, 7)} (0 s of 30 s)`);
      // npm start's publish asks the loop to sync now through nginx, as publish asks a pod.
      if (nginx) assert.equal((await requestSync(serving.url, await signSyncRequest(keys.signing, v1))).said, 'HTTP 200 serving');
    } finally {
      await serving.stop();
    }
    assert.match(String(log.read()), /"event":"cycle","result":"swapped"/);
  });
}
