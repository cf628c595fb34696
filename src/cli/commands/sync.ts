import os from 'node:os';
import type { Writable } from 'node:stream';
import type { Command } from '../command.ts';
import { jsonLog } from '../../sync/log.ts';
import { syncVersion } from '../../sync/sync-version.ts';
import { userEntryEnv } from '../../sync/user-entry.ts';
import { kebab, parseSyncOptions } from '../../sync/parse-options.ts';
import { envName, syncOptionsSchema } from '../../sync/options.ts';

const describe: Record<string, string> = {
  repository: 'deploy repository URL (any git URL)',
  ref: 'branch or ref to follow (default main)',
  dest: 'directory holding releases/ and the `current` symlink nginx serves',
  allowedSigners: 'allowed_signers file the commit signature must match',
  identity: 'the read key (private key file) for SSH',
  knownHosts: 'pinned known_hosts of the deploy server (strict)',
  sshCommand: 'or the whole command git runs for SSH, instead of the two above',
  interval: 'time between cycles, a duration such as 30s or 1m30s (default 30s, ± jitter)',
  jitter: 'fraction of the interval to randomize (default 0.1)',
  maxBackoff: 'longest wait after repeated failures (default 5m)',
  grace: 'how long superseded releases and old hashed assets stay (default 10m)',
  keep: 'superseded releases kept regardless of age (default 1)',
  fetchTimeout: 'time before a fetch is killed (default 2m)',
  maxDepth: 'commits searched for the served one, rollback protection (default 256)',
  stale: 'time after the last success when /healthz turns 503 (default 5m)',
  listen: 'host:port for /healthz and /metrics (default 0.0.0.0:9090; empty: none)',
  once: 'run one cycle and exit (0 served, 1 refused, 3 I/O or remote)',
};

const keys = Object.keys(syncOptionsSchema.shape);

/** Before any git or ssh child: a uid without a passwd line gets one through nss_wrapper (see user-entry.ts). */
async function provideUserEntry(stdout: Writable): Promise<void> {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (uid === undefined || gid === undefined) return;
  const entry = await userEntryEnv({ uid, gid, home: process.env.HOME ?? os.tmpdir(), tmp: os.tmpdir() });
  if (!entry) return;
  Object.assign(process.env, entry, { LD_PRELOAD: [process.env.LD_PRELOAD, entry.LD_PRELOAD].filter(Boolean).join(' ') });
  jsonLog(stdout)('info', 'user-entry', { uid, gid, note: 'no passwd line for this uid: ssh gets one through nss_wrapper' });
}

export const syncCommand: Command = {
  name: 'sync',
  summary: 'Sidecar: pull the deploy repository, verify, and swap the served release atomically',
  usage: '--repository URL --dest DIR --allowed-signers FILE [--interval 30s] [--once]  (or GALLEY_SYNC_* variables)',
  options: { ...Object.fromEntries(keys.map((key) => [kebab(key), { type: key === 'once' ? 'boolean' : 'string' }] as const)), version: { type: 'boolean' } },
  describe: {
    ...Object.fromEntries(keys.map((key) => [kebab(key), `${describe[key] ?? ''} [${envName(key)}]`])),
    version: 'print the galley version and the commit the sidecar bundle was made from',
  },
  async run(args, io) {
    if (args.values.version) {
      io.stdout.write(`${syncVersion()}\n`);
      return 0;
    }
    const { runSidecar } = await import('../../sync/run-sidecar.ts');
    const options = parseSyncOptions(args.values, io.env);
    await provideUserEntry(io.stdout);
    // Signals belong to the process only when this is the process's own CLI (not an in-process run).
    return runSidecar(options, { stdout: io.stdout, signals: io.stdout === process.stdout });
  },
};
