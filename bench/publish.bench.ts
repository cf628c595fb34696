// Publish time for a 1,000-file site over the embedded SSH server: first publish, a one-file
// change, a no-op; with the bytes the server received. Baseline, same run and transport: plain
// `git add -A && git commit && git push` of the same trees with the same key into another repo.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { configSchema } from '../src/config/schema.ts';
import { EMBEDDED_HOST_PATTERN, embeddedReposDir, ensureBareRepo, startEmbeddedServer } from '../src/publish/git-server/embedded-server.ts';
import { initKeys } from '../src/publish/keys/init-keys.ts';
import { publishContext } from '../src/publish/publish-context.ts';
import { publishSite } from '../src/publish/publish-site.ts';
import { gitSshEnv } from '../src/publish/ssh-command.ts';
import { listFiles, MANIFEST_PATH, serializeManifest } from '../src/output/manifest.ts';
import { ratio, seconds } from './measure.ts';

const run = promisify(execFile);
const FILES = 1000;

/** A deterministic ~4 KiB page; `version` changes one page's bytes. */
function page(i: number, version = 0): string {
  const words = Array.from({ length: 600 }, (_, w) => `w${(i * 7919 + w * 104729) % 9973}`).join(' ');
  return `<!doctype html><title>Entry ${i}</title><h1>Entry ${i} v${version}</h1><p>${words}</p>\n`;
}

async function writeSite(dir: string, changed = -1, version = 0): Promise<void> {
  for (let i = 0; i < FILES; i++) {
    const file = path.join(dir, 'entries', `e${i}`, 'index.html');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, page(i, i === changed ? version : 0));
  }
  await mkdir(path.join(dir, '.galley'), { recursive: true });
  const manifest = { manifestVersion: 1 as const, generator: { name: 'galley' as const, version: 'bench' }, sourceCommit: null, buildTime: new Date(0).toISOString(), files: await listFiles(dir) };
  await writeFile(path.join(dir, MANIFEST_PATH), serializeManifest(manifest));
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export default async function bench(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'galley-bench-publish-'));
  try {
    const config = configSchema.parse({});
    const base = publishContext(root, config, {});
    await initKeys({ paths: base.keys, principal: config.publish.committer.email, hostPattern: EMBEDDED_HOST_PATTERN });
    const server = await startEmbeddedServer(base, { port: 0 });
    const ctx = { ...base, remote: `ssh://git@127.0.0.1:${server.port}/site.git` };
    const siteDir = path.join(root, 'site');
    await writeSite(siteDir);

    // Baseline: a plain repository pushed with the same key over the same server.
    await ensureBareRepo(path.join(embeddedReposDir(root), 'plain.git'), 'main');
    const plain = path.join(root, 'plain');
    await mkdir(plain);
    const env = { ...process.env, ...gitSshEnv({ keyPath: ctx.keys.write, knownHostsPath: ctx.keys.knownHosts }) };
    const g = (...args: string[]) => run('git', args, { cwd: plain, env });
    await g('init', '-q', '-b', 'main');
    await g('remote', 'add', 'origin', `ssh://git@127.0.0.1:${server.port}/plain.git`);
    // Copies what changed (all of it the first time), like an author editing a checkout would.
    const plainPush = async (rel = 'entries'): Promise<void> => {
      await cp(path.join(siteDir, rel), path.join(plain, rel), { recursive: true });
      await g('add', '-A');
      await g('-c', 'user.name=b', '-c', 'user.email=b@example.org', 'commit', '-q', '--allow-empty', '-m', 'plain');
      await g('push', '-q', 'origin', 'main');
    };
    const bytes = async <T>(fn: () => Promise<T>) => {
      const before = server.traffic.received;
      const result = await timed(fn);
      return { ...result, bytes: server.traffic.received - before };
    };

    const baseFirst = await bytes(plainPush);
    const phases: string[] = [];
    let mark = performance.now();
    const progress = (line: string) => {
      const now = performance.now();
      phases.push(`${(now - mark).toFixed(0)} ms then ${line}`);
      mark = now;
    };
    const first = await bytes(() => publishSite({ ctx, siteDir, progress }));
    progress('done');
    await writeSite(siteDir, 500, 1);
    const baseOne = await bytes(() => plainPush('entries/e500/index.html'));
    const one = await bytes(() => publishSite({ ctx, siteDir }));
    const noop = await bytes(() => publishSite({ ctx, siteDir }));
    await server.close();

    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    console.log(`site: ${FILES} files; baseline = git add/commit/push of the same tree, same key and server`);
    console.log(`first publish     ${seconds(first.ms)}  ${ratio(first.ms, baseFirst.ms)} of baseline ${seconds(baseFirst.ms)}  pushed ${kib(first.bytes)} (baseline ${kib(baseFirst.bytes)})  ${first.value.status}`);
    console.log(`one-file change   ${seconds(one.ms)}  ${ratio(one.ms, baseOne.ms)} of baseline ${seconds(baseOne.ms)}  pushed ${kib(one.bytes)} (baseline ${kib(baseOne.bytes)})  ~${one.value.diff.changed.length} changed`);
    console.log(`first publish phases: ${phases.join('; ')}`);
    console.log(`no-op publish     ${seconds(noop.ms)}  ${ratio(noop.ms, baseOne.ms)} of a one-file baseline push  pushed ${kib(noop.bytes)}  ${noop.value.status}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
