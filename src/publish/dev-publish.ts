import { buildSite, type BuildResult } from '../pipeline/build-site.ts';
import { EMBEDDED_HOST_PATTERN, startEmbeddedServer } from './git-server/embedded-server.ts';
import type { GitServer } from './git-server/git-server.ts';
import { initKeys } from './keys/init-keys.ts';
import { embeddedRemote, loadPublishContext } from './publish-context.ts';
import type { Manifest } from '../output/manifest.ts';
import { publishSite, type PublishResult } from './publish-site.ts';
import type { ServedEvidence } from './release-evidence.ts';
import { syncNudge } from './request-sync.ts';
import { proveServed } from './served-proof.ts';

export interface DevPublishOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Overrides `publish.port` (tests pass 0). */
  port?: number;
  log?: (line: string) => void;
  /** The embedded SSH server's own lines (a connection per sync poll); none unless given. */
  serverLog?: (line: string) => void;
}

export interface DevPublish {
  server: GitServer;
  /** The embedded deploy repository's URL, for the sync loop (read key). */
  remote: string;
  build: BuildResult;
  /** Undefined when the build did not pass its gates (nothing was published). */
  publish?: PublishResult;
}

/**
 * The publishing half of `npm start` (design §6, embedded default): dev keys if missing → the
 * embedded SSH git server → build with every gate → publish into it. The server keeps running
 * for the sync loop; the caller closes it.
 */
export async function startDevPublish(options: DevPublishOptions): Promise<DevPublish> {
  const log = options.log ?? (() => {});
  const base = await loadPublishContext(options.root, options.env);
  const { created } = await initKeys({ paths: base.keys, principal: base.committer.email, hostPattern: EMBEDDED_HOST_PATTERN });
  if (created.length > 0) log(`created development keys under ${base.keys.write.replace(/\/[^/]+$/, '')}`);
  const server = await startEmbeddedServer(base, { port: options.port ?? base.config.publish.port, log: options.serverLog });
  try {
    const remote = embeddedRemote(server.port);
    const build = await buildSite({ root: base.root, env: options.env });
    if (!build.ok) return { server, remote, build };
    if (build.manifest?.sourceDirty) log(DIRTY_NOTE);
    // Nothing serves it yet, so it is not tagged; the first served check (devConfirm) tags it.
    const publish = await publishSite({ ctx: { ...base, remote }, siteDir: build.outDir, progress: log, allowDirty: true });
    return { server, remote, build, publish };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** `npm start` publishes the working tree as it is, like `galley publish --allow-dirty`. */
export const DIRTY_NOTE = 'publishing with --allow-dirty: the tree has uncommitted changes, and the footers and manifest say so';

/**
 * The served proof of `npm start`: the local nginx (one replica, the sync loop's 2 s interval),
 * so its known-good tags mean served there as they do in a deployment. It asks the loop to sync
 * now, signed with the signing key, as publish asks the sidecars.
 */
export function devConfirm(url: string, signingKey: string, log: (line: string) => void, intervalSeconds = 2): (commit: string, manifest: Manifest) => Promise<ServedEvidence> {
  const target = { url, timeoutMs: (3 * intervalSeconds + 30) * 1000, consecutive: 1, sidecars: [], progress: log, nudge: syncNudge(url, signingKey) };
  return (commit, manifest) => proveServed(target, commit, manifest);
}
