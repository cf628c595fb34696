import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { publicKeyOf } from '../keys/fingerprint.ts';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import type { PublishContext } from '../publish-context.ts';
import { startGitServer, type GitServer, type GitServerOptions } from './git-server.ts';

/** known_hosts pattern of the embedded server's pin: any port on loopback (tests use ephemeral ports). */
export const EMBEDDED_HOST_PATTERN = '[127.0.0.1]:*';

/** Where the embedded server keeps its bare repositories (design §6). */
export function embeddedReposDir(root: string): string {
  return path.join(root, '.galley', 'dev', 'remote');
}

/**
 * A bare deploy repository that refuses history rewrites server-side too: publish never forces,
 * and neither may anyone else holding the write key.
 */
export async function ensureBareRepo(repoPath: string, branch: string): Promise<void> {
  if (existsSync(path.join(repoPath, 'HEAD'))) return;
  await mkdir(repoPath, { recursive: true });
  const git = simpleGit(repoPath);
  await git.raw(['init', '-q', '--bare', '-b', branch]);
  await git.raw(['config', 'receive.denyNonFastForwards', 'true']);
  await git.raw(['config', 'receive.denyDeletes', 'true']);
}

/** The embedded server of `npm start`: the dev keys' roles, `site.git` under .galley/dev/remote/. */
export async function startEmbeddedServer(
  ctx: PublishContext,
  options: { port: number } & Pick<GitServerOptions, 'log' | 'onService'>,
): Promise<GitServer> {
  const reposDir = embeddedReposDir(ctx.root);
  await ensureBareRepo(path.join(reposDir, 'site.git'), ctx.branch);
  return startGitServer({
    hostKey: await readFile(ctx.keys.hostKey),
    keys: { write: (await publicKeyOf(ctx.keys.write)).line, read: (await publicKeyOf(ctx.keys.read)).line },
    reposDir,
    port: options.port,
    log: options.log,
    onService: options.onService,
  });
}
