import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after } from 'node:test';
import { promisify } from 'node:util';
import type { PublishContext } from '../../src/publish/publish-context.ts';
import { sshCommand } from '../../src/publish/ssh-command.ts';
import { jsonLog } from '../../src/sync/log.ts';
import { SyncLoop } from '../../src/sync/loop.ts';
import { SyncMetrics } from '../../src/sync/metrics.ts';
import { startNginx, type RunningNginx } from '../../src/sync/nginx.ts';
import { syncOptionsSchema } from '../../src/sync/options.ts';
import { NGINX_CONF } from './nginx.ts';

const run = promisify(execFile);

/** One pod: the sync loop with the read key into its own dest, nginx with the project's config over it. */
export interface Replica {
  dest: string;
  nginx: RunningNginx;
  loop: SyncLoop;
  /** Stop syncing (nginx keeps serving what it has): a held-back replica. */
  holdBack(): Promise<void>;
}

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

export async function startReplica(ctx: PublishContext): Promise<Replica> {
  // Removed by this replica's own hook, after its loop and nginx stop: a shared temp-dir hook
  // could run first and race the loop still writing a release (ENOTEMPTY).
  const dest = await mkdtemp(path.join(os.tmpdir(), 'galley-replica-'));
  const options = syncOptionsSchema.parse({
    repository: ctx.remote,
    dest,
    allowedSigners: ctx.keys.allowedSigners,
    sshCommand: sshCommand({ keyPath: ctx.keys.read, knownHostsPath: ctx.keys.knownHosts }),
    interval: 0.2,
    maxBackoff: 0.5,
    listen: '',
  });
  const loop = new SyncLoop(options, { metrics: new SyncMetrics(), log: jsonLog(quiet) });
  let running: Promise<number> | undefined = loop.run();
  // Each nginx names itself as its own pod would (X-Galley-Replica).
  const nginx = await startNginx({ configFile: NGINX_CONF, root: path.join(dest, 'current'), runtimeDir: path.join(dest, '.nginx'), replica: path.basename(dest) });
  const holdBack = async (): Promise<void> => {
    loop.stop();
    await running;
    running = undefined;
  };
  after(async () => {
    await holdBack();
    await nginx.stop();
    await rm(dest, { recursive: true, force: true });
  });
  return { dest, nginx, loop, holdBack };
}

/** A round-robin HTTP proxy on 127.0.0.1 in front of `backends`: two pods behind one address. */
export function roundRobin(backends: string[]): Promise<string> {
  let next = 0;
  return balancer(backends, () => next++ % backends.length);
}

/**
 * A Service's address in front of `backends`: each connection to a backend picked at random, as
 * kube-proxy's iptables mode does (a strict rotation can keep one kind of request on one pod).
 */
export function serviceAddress(backends: string[]): Promise<string> {
  return balancer(backends, () => Math.floor(Math.random() * backends.length));
}

async function balancer(backends: string[], pick: () => number): Promise<string> {
  const server: Server = createServer((req, res) => {
    const backend = new URL(backends[pick()]!);
    const upstream = request({ host: backend.hostname, port: backend.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Make `root` a git repository with everything committed, as a project under version control is. */
export async function commitProject(root: string): Promise<string> {
  const git = (...args: string[]) => run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: root });
  await writeFile(path.join(root, '.gitignore'), 'site/\n.galley/\nnode_modules\n');
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'source');
  return (await git('rev-parse', 'HEAD')).stdout.trim();
}
