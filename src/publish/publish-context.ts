import path from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import { resolveKeyPaths, type KeyPaths } from './keys/key-paths.ts';
import type { PublishLock } from './publish-lock.ts';

/** Everything publish, diff, rollback and doctor need to know about one deploy target. */
export interface PublishContext {
  root: string;
  target: string;
  branch: string;
  /** The deploy repository's URL (`ssh://user@host:port/path`). */
  remote: string;
  keys: KeyPaths;
  committer: { name: string; email: string };
  /** The local deploy clone: reset to the remote before every use, never the source of truth. */
  cloneDir: string;
  lockFile: string;
  env: NodeJS.ProcessEnv;
  /** While the publish lock is held: git's children carry its marker and have their groups recorded. */
  lock?: Pick<PublishLock, 'token' | 'recordGroup'>;
}

/** `GALLEY_REMOTE` overrides `publish.remote`; unset, it is the embedded server's repository. */
export function embeddedRemote(port: number): string {
  return `ssh://git@127.0.0.1:${port}/site.git`;
}

export function publishContext(root: string, config: Config, env: NodeJS.ProcessEnv): PublishContext {
  const { publish } = config;
  return {
    root,
    target: publish.target,
    branch: publish.branch,
    remote: env.GALLEY_REMOTE || publish.remote || embeddedRemote(publish.port),
    keys: resolveKeyPaths(root, publish.keys, env),
    committer: publish.committer,
    cloneDir: path.join(root, '.galley', 'deploy', publish.target),
    lockFile: path.join(root, '.galley', `publish-${publish.target}.lock`),
    env,
  };
}

/** Load `site.config.ts` from `root` and resolve the publish context (config errors exit 2). */
export async function loadPublishContext(root: string, env: NodeJS.ProcessEnv): Promise<PublishContext & { config: Config }> {
  const loaded = await loadConfig(root);
  return { ...publishContext(loaded.root, loaded.config, env), config: loaded.config };
}
