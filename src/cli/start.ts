// `npm start`: the whole chain on 127.0.0.1 (design §6, embedded default). Dev keys → embedded SSH
// git server → build through every gate → signed publish → `galley sync` with the read key →
// nginx with deploy/nginx/nginx.conf (or the small static server when nginx is not installed).
// Saving a source file rebuilds and publishes; the sync loop serves the new commit. Ctrl-C stops.
// `--verbose` adds the SSH server's lines and the sync loop's JSON log.
import { existsSync, watch } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { buildSite, type BuildResult } from '../pipeline/build-site.ts';
import { devConfirm, DIRTY_NOTE, startDevPublish } from '../publish/dev-publish.ts';
import { loadPublishContext } from '../publish/publish-context.ts';
import { publishSite, type PublishResult } from '../publish/publish-site.ts';
import { sshCommand } from '../publish/ssh-command.ts';
import { formatText } from '../report/format.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import type { CycleOutcome } from '../sync/cycle.ts';
import type { SyncFailure } from '../sync/failure.ts';
import { serveLocally, type LocalServing } from '../sync/serve-locally.ts';
import { reportError } from './report-error.ts';

const root = process.cwd();
const env = process.env;
const say = (line: string): void => void process.stderr.write(`galley start: ${line}\n`);

function gated(build: BuildResult): boolean {
  if (build.findings.length > 0) process.stderr.write(`${formatText(build.findings)}\n`);
  if (!build.ok) say('the build has findings (above); nothing new is published, the last good release stays served');
  return build.ok;
}

function publishOutcome(result: PublishResult): string {
  const { added, changed, removed } = result.diff;
  return result.status === 'published'
    ? `published ${result.commit?.slice(0, 12)} (+${added.length} ~${changed.length} -${removed.length} files)`
    : `nothing new to publish: the deploy repository has this build (${result.commit?.slice(0, 12)})`;
}

function startFlags(): { verbose: boolean } {
  try {
    return parseArgs({ options: { verbose: { type: 'boolean', default: false } } }).values;
  } catch (error) {
    throw new GalleyError(`Unexpected arguments to npm start: ${(error as Error).message}`, {
      exitCode: ExitCode.usage,
      ruleId: 'start-usage',
      hint: 'The one option is --verbose (`npm start -- --verbose`): the SSH server\'s lines and the sync loop\'s JSON log too.',
    });
  }
}

/** "… (2222 was in use)" when the wanted port was taken and another was picked. */
const portNote = (got: number, wanted: number): string => (wanted !== 0 && got !== wanted ? ` (${wanted} was in use)` : '');

// Signals first, so a Ctrl-C during the first build still stops what was started.
let stop: (() => Promise<void>) | undefined;
let stopRequested = false;
const onSignal = (): void => {
  stopRequested = true;
  void stop?.();
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

try {
  const verbose = startFlags().verbose;
  const dev = await startDevPublish({ root, env, log: say, serverLog: verbose ? (line) => say(`ssh: ${line}`) : undefined });
  const ctx = { ...(await loadPublishContext(root, env)), remote: dev.remote };
  say(`deploy repository on the embedded SSH server at 127.0.0.1:${dev.server.port}${portNote(dev.server.port, ctx.config.publish.port)}`);
  if (gated(dev.build) && dev.publish) say(publishOutcome(dev.publish));
  const port = Number(env.PORT ?? (new URL(ctx.config.site.baseUrl).port || 8080));
  let served: string | undefined;
  let up: LocalServing | undefined;
  let early: CycleOutcome | SyncFailure | undefined;
  const announce = (result: CycleOutcome | SyncFailure, at: LocalServing): void => {
    const where = `at ${at.url}/ through ${at.server}${portNote(Number(new URL(at.url).port), port)}`;
    if (!('result' in result)) {
      say(served === undefined ? `nothing served yet ${where}: ${result.message}${result.hint ? ` (${result.hint})` : ''}` : `still serving ${served.slice(0, 12)}: ${result.message}`);
      return;
    }
    if (result.revision === served) return;
    const first = served === undefined;
    served = result.revision;
    say(first ? `serving ${served.slice(0, 12)} ${where}  (Ctrl-C to stop)` : `now serving ${served.slice(0, 12)}`);
  };
  const serving = await serveLocally({
    repository: dev.remote,
    sshCommand: sshCommand({ keyPath: ctx.keys.read, knownHostsPath: ctx.keys.knownHosts }),
    allowedSigners: ctx.keys.allowedSigners,
    dest: path.join(root, '.galley/dev/serve'),
    nginxConf: path.join(import.meta.dirname, '../../deploy/nginx/nginx.conf'),
    port,
    // The loop's JSON lines (one per poll) only with --verbose; what changed is said instead.
    log: verbose ? process.stdout : new Writable({ write: (_chunk, _encoding, done) => done() }),
    // The loop starts before the server is up: a cycle that ends first is told once it is.
    onCycle: (result) => (up ? announce(result, up) : (early = result)),
  });
  up = serving;
  if (early) announce(early, serving);

  // Rebuild and publish when a source changes, one run at a time; the sync loop picks it up.
  let timer: NodeJS.Timeout | undefined;
  let queue = Promise.resolve();
  // Like `galley publish --allow-dirty`: known-good once the local nginx serves it.
  const confirm = devConfirm(serving.url, ctx.keys.signing, say);
  const republish = async (): Promise<void> => {
    const build = await buildSite({ root, env });
    if (!gated(build)) return;
    if (build.manifest?.sourceDirty) say(DIRTY_NOTE);
    const result = await publishSite({ ctx, siteDir: build.outDir, progress: say, allowDirty: true, confirm });
    // The first pass after startup only confirms and tags what startup published: say just that.
    const tagged = result.tag ? `served, known-good ${result.tag}` : '';
    say(result.status === 'unchanged' && tagged ? `${result.commit?.slice(0, 12)} ${tagged}` : `${publishOutcome(result)}${tagged && `; ${tagged}`}`);
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

  stop = async (): Promise<void> => {
    say('stopping');
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
    await queue;
    await serving.stop();
    await dev.server.close();
  };
  if (stopRequested) void stop();
} catch (error) {
  process.exitCode = reportError(error, 'start', { stdout: process.stdout, stderr: process.stderr, cwd: root, env, interactive: false });
}
