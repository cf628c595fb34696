import { execFile } from 'node:child_process';
import path from 'node:path';
import { after } from 'node:test';
import { promisify } from 'node:util';
import { configSchema, type UserConfig } from '../../src/config/schema.ts';
import { EMBEDDED_HOST_PATTERN, embeddedReposDir, ensureBareRepo, startEmbeddedServer } from '../../src/publish/git-server/embedded-server.ts';
import type { GitServer, GitServerOptions } from '../../src/publish/git-server/git-server.ts';
import { initKeys } from '../../src/publish/keys/init-keys.ts';
import { publishContext, type PublishContext } from '../../src/publish/publish-context.ts';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);

export interface PublishProject {
  root: string;
  siteDir: string;
  /** The bare deploy repository, for assertions with plain git. */
  bare: string;
  /** The environment publish runs with (remote, known_hosts for the transport). */
  env: NodeJS.ProcessEnv;
  ctx(extraEnv?: NodeJS.ProcessEnv): PublishContext;
  /** The server's log lines so far (refusals carry their reason). */
  serverLog(): Promise<string>;
  server?: GitServer;
  sshd?: Sshd;
}

export type Transport = 'embedded' | 'sshd';

/** A project root with generated keys, served by the embedded server or a real sshd. */
export async function publishProject(
  transport: Transport,
  options: { config?: UserConfig; onService?: GitServerOptions['onService'] } = {},
): Promise<PublishProject> {
  const root = await tempDir('galley-publish-');
  const config = configSchema.parse(options.config ?? {});
  const base = publishContext(root, config, {});
  await initKeys({ paths: base.keys, principal: config.publish.committer.email, hostPattern: EMBEDDED_HOST_PATTERN });
  const siteDir = path.join(root, 'site');
  if (transport === 'embedded') {
    const lines: string[] = [];
    const server = await startEmbeddedServer(base, { port: 0, log: (l) => lines.push(l), onService: options.onService });
    after(() => server.close());
    const env = { ...process.env, GALLEY_REMOTE: `ssh://git@127.0.0.1:${server.port}/site.git` };
    return {
      root,
      siteDir,
      bare: path.join(embeddedReposDir(root), 'site.git'),
      env,
      ctx: (extra = {}) => publishContext(root, config, { ...env, ...extra }),
      serverLog: async () => lines.join('\n'),
      server,
    };
  }
  const pub = async (file: string): Promise<string> => (await run('ssh-keygen', ['-y', '-f', file])).stdout;
  const sshd = await startSshd({ write: await pub(base.keys.write), read: await pub(base.keys.read) });
  after(() => sshd.stop());
  const bare = path.join(sshd.reposDir, 'site.git');
  await ensureBareRepo(bare, config.publish.branch);
  const env = { ...process.env, GALLEY_REMOTE: sshd.url('site.git'), GALLEY_KNOWN_HOSTS: sshd.knownHostsPath };
  return {
    root,
    siteDir,
    bare,
    env,
    ctx: (extra = {}) => publishContext(root, config, { ...env, ...extra }),
    serverLog: () => sshd.log(),
    sshd,
  };
}

/** Plain git, for assertions. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd })).stdout.trim();
}
