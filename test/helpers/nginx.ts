import { existsSync } from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { NGINX_BIN, startNginx, type RunningNginx } from '../../src/sync/nginx.ts';
import { projectRoot } from './fixture-project.ts';
import { skipUnlessCi } from './needs-tool.ts';
import { tempDir } from './temp-dir.ts';
export const NGINX_CONF = path.join(projectRoot, 'deploy/nginx/nginx.conf');

/** Why nginx tests cannot run here, or undefined when they can. */
export const nginxSkip = skipUnlessCi(existsSync(NGINX_BIN) ? undefined : `nginx is not installed (${NGINX_BIN})`);

/**
 * Debian's nginx with the project's deploy/nginx/nginx.conf on 127.0.0.1 and an ephemeral port,
 * serving `root` (and passing sync requests to `sidecar`, host:port; answering as `replica` where
 * given, as a pod's nginx names itself); stopped when the test file ends.
 */
export async function serveWithNginx(root: string, sidecar?: string, replica?: string): Promise<RunningNginx> {
  const runtimeDir = await tempDir('galley-nginx-');
  const nginx = await startNginx({ configFile: NGINX_CONF, root, runtimeDir, sidecar, replica });
  after(() => nginx.stop());
  return nginx;
}
