// `npm start`: the whole chain on 127.0.0.1 (design §6, embedded default). Dev keys → embedded SSH
// git server → build through every gate → signed publish → `galley sync` with the read key →
// nginx with deploy/nginx/nginx.conf (or the small static server when nginx is not installed).
// Saving a source file rebuilds and publishes; the sync loop serves the new commit. Ctrl-C stops.
import { existsSync, watch } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { buildSite, type BuildResult } from '../pipeline/build-site.ts';
import { devConfirm, DIRTY_NOTE, startDevPublish } from '../publish/dev-publish.ts';
import { loadPublishContext } from '../publish/publish-context.ts';
import { publishSite } from '../publish/publish-site.ts';
import { sshCommand } from '../publish/ssh-command.ts';
import { formatText } from '../report/format.ts';
import { serveLocally } from '../sync/serve-locally.ts';
import { reportError } from './report-error.ts';

const root = process.cwd();
const env = process.env;
const say = (line: string): void => void process.stderr.write(`galley start: ${line}\n`);

function gated(build: BuildResult): boolean {
  if (build.findings.length > 0) process.stderr.write(`${formatText(build.findings)}\n`);
  if (!build.ok) say('the build has findings (above); nothing new is published, the last good release stays served');
  return build.ok;
}

// The sync loop's JSON lines, without the "unchanged" one every few seconds.
const cyclesThatChangedSomething = new Writable({
  write(chunk: Buffer, _encoding, done) {
    if (!chunk.includes('"result":"unchanged"')) process.stdout.write(chunk);
    done();
  },
});

try {
  const dev = await startDevPublish({ root, env, log: say });
  gated(dev.build);
  const ctx = { ...(await loadPublishContext(root, env)), remote: dev.remote };
  let announced = false;
  const serving = await serveLocally({
    repository: dev.remote,
    sshCommand: sshCommand({ keyPath: ctx.keys.read, knownHostsPath: ctx.keys.knownHosts }),
    allowedSigners: ctx.keys.allowedSigners,
    dest: path.join(root, '.galley/dev/serve'),
    nginxConf: path.join(import.meta.dirname, '../../deploy/nginx/nginx.conf'),
    port: Number(env.PORT ?? (new URL(ctx.config.site.baseUrl).port || 8080)),
    log: cyclesThatChangedSomething,
    onCycle: (result) => {
      if (announced || !('result' in result) || result.result !== 'swapped') return;
      announced = true;
      say(`serving ${result.revision.slice(0, 12)} at ${serving.url}/ through ${serving.server}  (Ctrl-C to stop)`);
    },
  });

  // Rebuild and publish when a source changes, one run at a time; the sync loop picks it up.
  let timer: NodeJS.Timeout | undefined;
  let queue = Promise.resolve();
  // Like `galley publish --allow-dirty`: known-good once the local nginx serves it.
  const confirm = devConfirm(serving.url, say);
  const republish = async (): Promise<void> => {
    const build = await buildSite({ root, env });
    if (!gated(build)) return;
    if (build.manifest?.sourceDirty) say(DIRTY_NOTE);
    const result = await publishSite({ ctx, siteDir: build.outDir, progress: say, allowDirty: true, confirm });
    say(`${result.status === 'published' ? `published ${result.commit?.slice(0, 12)}` : 'no change to publish'}${result.tag ? `; served, known-good ${result.tag}` : ''}`);
  };
  // The first publish is tagged once it is served.
  queue = queue.then(republish).catch((error: Error) => say(error.message));
  const sources = Object.values({ ...ctx.config.paths, output: undefined }).filter((p): p is string => Boolean(p));
  const watchers = sources
    .map((dir) => path.join(root, dir))
    .filter((dir) => existsSync(dir))
    .map((dir) =>
      watch(dir, { recursive: true }, () => {
        clearTimeout(timer);
        timer = setTimeout(() => (queue = queue.then(republish).catch((error: Error) => say(error.message))), 300);
      }),
    );

  const stop = async (): Promise<void> => {
    say('stopping');
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
    await queue;
    await serving.stop();
    await dev.server.close();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
} catch (error) {
  process.exitCode = reportError(error, 'start', { stdout: process.stdout, stderr: process.stderr, cwd: root, env, interactive: false });
}
