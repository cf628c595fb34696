import { timingSafeEqual } from 'node:crypto';
import ssh2 from 'ssh2';
import type { Connection, ParsedKey } from 'ssh2';
import { listenPreferring } from '../../serve/listen.ts';
import { publicKeyInfo } from '../keys/fingerprint.ts';
import { authorizeExec, type ServerRole } from './authorize.ts';
import { runGit, type GitTraffic } from './run-git.ts';

export interface GitServerOptions {
  /** The server's private host key (OpenSSH format); its public half is pinned in known_hosts. */
  hostKey: Buffer | string;
  /** Public keys (authorized_keys form or a `.pub` file's text) per role. */
  keys: Record<ServerRole, string>;
  /** Bare repositories are served from here: `ssh://git@127.0.0.1:PORT/site.git`. */
  reposDir: string;
  /** The port wanted (0 for an ephemeral one); a free one is taken if it is in use. */
  port: number;
  /** The server log: one line per connection decision, refusals with their reason. */
  log?: (line: string) => void;
  /** Awaited before a git service starts, e.g. so a test can move the branch or kill a client mid-push. */
  onService?: (event: { role: ServerRole; service: string; repoPath: string }) => void | Promise<void>;
}

export interface GitServer {
  port: number;
  /** Bytes through git services since start, for benchmarks. */
  traffic: GitTraffic;
  close(): Promise<void>;
}

/** The embedded SSH git server of `npm start` (design §6): 127.0.0.1, public-key auth only. */
export async function startGitServer(options: GitServerOptions): Promise<GitServer> {
  const log = options.log ?? (() => {});
  const roles = (Object.keys(options.keys) as ServerRole[]).map((role) => {
    const parsed = ssh2.utils.parseKey(options.keys[role]);
    if (parsed instanceof Error || Array.isArray(parsed)) throw new Error(`Unexpected ${role} public key, expected one OpenSSH public key`);
    return { role, key: parsed, blob: parsed.getPublicSSH() };
  });
  const roleOf = (algo: string, blob: Buffer): { role: ServerRole; key: ParsedKey } | undefined =>
    roles.find((r) => r.key.type === algo && r.blob.length === blob.length && timingSafeEqual(r.blob, blob));

  const open = new Set<Connection>();
  const traffic: GitTraffic = { received: 0, sent: 0 };
  const server = new ssh2.Server({ hostKeys: [options.hostKey], ident: 'galley' }, (client: Connection) => {
    let role: ServerRole | undefined;
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', (error) => log(`connection error: ${error.message}`));
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
      const match = roleOf(ctx.key.algo, ctx.key.data);
      if (!match) {
        log(`refused key ${publicKeyInfo(ctx.key.algo, ctx.key.data).fingerprint}: Unexpected key, expected the write or read key`);
        return ctx.reject(['publickey']);
      }
      // Without a signature the client only asks whether the key would do; with one, check it.
      if (ctx.signature && match.key.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) !== true) {
        log(`refused ${match.role} key: Unexpected signature, expected one made by the key offered`);
        return ctx.reject(['publickey']);
      }
      if (ctx.signature) role = match.role;
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('shell', (_accept, reject) => {
          log(`refused shell for the ${role} key: Unexpected shell, expected a git command`);
          reject();
        });
        session.once('exec', (acceptExec, _reject, info) => {
          const decision = authorizeExec(info.command, role!, options.reposDir);
          if (!decision.ok) {
            log(`refused ${role} key: ${decision.reason}`);
            const channel = acceptExec();
            channel.stderr.write(`galley: ${decision.reason}\n`);
            channel.exit(1);
            channel.end();
            return;
          }
          log(`${role} key: ${decision.service} ${decision.repoPath}`);
          const channel = acceptExec();
          let gone = false;
          channel.once('close', () => (gone = true));
          void Promise.resolve(options.onService?.({ role: role!, service: decision.service, repoPath: decision.repoPath })).then(() => {
            // A client that left while the hook ran gets no git process (it would wait forever).
            if (gone) return log(`${role} key: ${decision.service} abandoned by the client`);
            runGit(channel, decision.service, decision.repoPath, (code, used) => {
              traffic.received += used.received;
              traffic.sent += used.sent;
              log(`${role} key: ${decision.service} exited ${code} (received ${used.received} B, sent ${used.sent} B)`);
            });
          }, (error: Error) => {
            log(`${role} key: ${decision.service} not started: ${error.message}`);
            channel.exit(1);
            channel.end();
          });
        });
      });
    });
  });

  // A taken port (another `npm start`) is no reason to stop: the caller prints the port it got.
  const port = await listenPreferring(server, options.port);
  log(`listening on 127.0.0.1:${port}`);
  return {
    port,
    traffic,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Established connections would keep close() waiting; end them.
        for (const client of open) client.end();
      }),
  };
}
