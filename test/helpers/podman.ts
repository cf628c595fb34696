import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Images, the base rootfs tarball and podman's storage survive runs here, so reruns are warm. */
export const POD_CACHE = process.env.GALLEY_POD_CACHE ?? path.join(os.homedir(), '.cache', 'galley', 'pod');

// Storage of our own: the stand-in base image carries a public image's name, which must not
// shadow (or be shadowed by) anything in the machine's own podman storage.
// Its run state is per storage: podman refuses a storage whose database names another runroot.
const RUNROOT = path.join(os.tmpdir(), `galley-pod-runroot-${createHash('sha256').update(POD_CACHE).digest('hex').slice(0, 8)}`);
const STORAGE = ['--root', path.join(POD_CACHE, 'storage'), '--runroot', RUNROOT];

// crun 1.8 stops at "cgroups in hybrid mode not supported" on hosts like the CI's, and podman's
// default rlimits cannot be set there: runc, and limits a pod would get from containerd's defaults.
const CONTAINERS_CONF = `[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]

[engine]
runtime = "runc"
`;

function containersConf(): string {
  const file = path.join(POD_CACHE, 'containers.conf');
  mkdirSync(POD_CACHE, { recursive: true });
  writeFileSync(file, CONTAINERS_CONF);
  return file;
}

let env: NodeJS.ProcessEnv | undefined;
function podmanEnv(): NodeJS.ProcessEnv {
  env ??= { ...process.env, CONTAINERS_CONF: containersConf() };
  return env;
}

/** `podman ARGS` with the test's storage and containers.conf; stdout trimmed. */
export async function podman(...args: string[]): Promise<string> {
  try {
    const { stdout } = await exec('podman', [...STORAGE, ...args], { env: podmanEnv(), maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new Error(`podman ${args.slice(0, 3).join(' ')}… failed: ${stderr.split('\n').slice(-3).join(' | ')}`, { cause: error });
  }
}

/** Like `podman`, but the exit status and both streams, for commands expected to fail. */
export async function podmanResult(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('podman', [...STORAGE, ...args], { env: podmanEnv(), maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * Why the pod test cannot run here, or undefined. Only "containers cannot run at all" counts:
 * podman, runc and mmdebstrap missing, or not root (the secret's root-owned files and uid 10001
 * need real ownership). With CI=true the test runs anyway and fails where this would have skipped.
 */
export function podSkipReason(): string | undefined {
  const reason = podUnavailable();
  return reason && process.env.CI !== 'true' ? reason : undefined;
}

function podUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: the pod test lays out root-owned secret files and runs containers as uid 10001 (run it as root, as CI does)';
  for (const tool of ['podman', 'runc', 'mmdebstrap']) {
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).status !== 0) return `${tool} is not installed (Debian package ${tool})`;
  }
  return undefined;
}
