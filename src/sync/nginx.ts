import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import path from 'node:path';
import { pickPort } from '../serve/listen.ts';

export const NGINX_BIN = '/usr/sbin/nginx';

export interface NginxRuntime {
  /** `127.0.0.1:PORT` */
  listen: string;
  /** The directory served, normally `<dest>/current`. */
  root: string;
  /** Holds the rendered config, pid, logs and temp paths. */
  runtimeDir: string;
  /** host:port of the sidecar's listener for sync requests; none answers 502 there. */
  sidecar?: string;
  /** The X-Galley-Replica name (nginx's hostname otherwise): two local nginx stand for two pods. */
  replica?: string;
}

/**
 * Fit `deploy/nginx/nginx.conf` to a local run: only listen, root and runtime paths change, so
 * what a test exercises is the serving policy the cluster runs. Each directive must be found.
 */
export function renderNginxConfig(text: string, runtime: NginxRuntime): string {
  const at = (name: string): string => path.join(runtime.runtimeDir, name);
  const rules: [string, (args: string) => string, boolean][] = [
    ['listen', () => runtime.listen, true],
    ['root', () => runtime.root, true],
    ['pid', () => at('nginx.pid'), true],
    ['error_log', (args) => `${at('error.log')} ${args.split(/\s+/).slice(1).join(' ')}`.trim(), true],
    ['access_log', () => at('access.log'), true],
    ['proxy_pass', () => (runtime.sidecar ? `http://${runtime.sidecar}` : `http://unix:${at('no-sidecar.sock')}`), true],
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (kind) => [`${kind}_temp_path`, () => at(`${kind}_temp`), false] as [string, (args: string) => string, boolean],
    ),
  ];
  let out = text;
  for (const [name, value, required] of rules) {
    let count = 0;
    out = out.replace(new RegExp(`^(\\s*)${name}\\s+([^;]*);`, 'gm'), (_m, indent: string, args: string) => {
      count++;
      return `${indent}${name} ${value(args)};`;
    });
    if (required && count !== 1) throw new Error(`nginx config: expected one \`${name}\` directive, found ${count}`);
  }
  if (runtime.replica) out = out.replace(/^(\s*add_header X-Galley-Replica )\$hostname( always;)$/m, `$1"${runtime.replica}"$2`);
  return out;
}

export interface RunningNginx {
  url: string;
  port: number;
  process: ChildProcess;
  runtimeDir: string;
  stop(): Promise<void>;
}

/** Start nginx in the foreground with the rendered config; resolves once it accepts connections. */
export async function startNginx(options: { configFile: string; root: string; runtimeDir: string; port?: number } & Pick<NginxRuntime, 'sidecar' | 'replica'>): Promise<RunningNginx> {
  await mkdir(options.runtimeDir, { recursive: true });
  const template = await readFile(options.configFile, 'utf8');
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    // A free port may be taken before nginx binds it: retry with another (a wanted port once).
    const port = await pickPort(attempt === 0 ? options.port : 0);
    const conf = path.join(options.runtimeDir, 'nginx.conf');
    await writeFile(conf, renderNginxConfig(template, { listen: `127.0.0.1:${port}`, root: options.root, runtimeDir: options.runtimeDir, sidecar: options.sidecar, replica: options.replica }));
    // As root, workers would run as `nobody` and could not read a private temp tree.
    const user = process.getuid?.() === 0 ? ' user root;' : '';
    const child = spawn(NGINX_BIN, ['-p', `${options.runtimeDir}/`, '-c', conf, '-g', `daemon off;${user}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const ready = await Promise.race([waitForPort(port).then(() => true), exited.then(() => false)]);
    if (ready) {
      return {
        url: `http://127.0.0.1:${port}`,
        port,
        process: child,
        runtimeDir: options.runtimeDir,
        async stop() {
          if (child.exitCode !== null) return;
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    const log = await readFile(path.join(options.runtimeDir, 'error.log'), 'utf8').catch(() => '');
    lastError = new Error(`nginx did not start: ${(stderr + log).trim().split('\n').slice(-3).join(' / ')}`);
    if (!/address already in use/i.test(stderr + log)) break;
  }
  throw lastError!;
}

async function waitForPort(port: number): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
