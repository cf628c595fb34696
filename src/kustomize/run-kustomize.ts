import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Node's default is 1 MiB; a cluster's rendered tree with its CRDs is more.
const MAX_BUFFER = 256 * 1024 * 1024;

export interface KustomizeOptions {
  /**
   * Off, as Flux's kustomize-controller builds (a kustomization may reach files outside its
   * directory); on by default, as `kubectl apply -k` does for an operator.
   */
  unrestricted?: boolean;
}

function args(dir: string, options: KustomizeOptions): string[] {
  return ['kustomize', ...(options.unrestricted ? ['--load-restrictor', 'LoadRestrictionsNone'] : []), dir];
}

/** `kubectl kustomize DIR`: the rendered stream; throws the child's error (see `kustomizeFailure`). */
export async function kustomize(kubectl: string, dir: string, options: KustomizeOptions = {}): Promise<string> {
  return (await run(kubectl, args(dir, options), { maxBuffer: MAX_BUFFER })).stdout;
}

/** The same, blocking: the docs' walk builds one Kustomization after another, each from its parent's output. */
export function kustomizeSync(kubectl: string, dir: string, options: KustomizeOptions = {}): string {
  return execFileSync(kubectl, args(dir, options), { encoding: 'utf8', maxBuffer: MAX_BUFFER, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Why a `kubectl kustomize` failed, in kustomize's own words: without klog's time, process id and
 * source line (`E1208 00:15:32.895737 30792 run.go:72] "command failed" err="…"`), which would
 * make two runs' messages differ.
 */
export function kustomizeFailure(error: unknown): string {
  const failed = error as NodeJS.ErrnoException & { stderr?: string | Buffer };
  if (failed.code === 'ENOENT') return 'kubectl is not on PATH';
  const stderr = String(failed.stderr ?? '').trim();
  const klog = /\berr="((?:[^"\\]|\\.)*)"/.exec(stderr);
  const reason = klog ? (JSON.parse(`"${klog[1]}"`) as string) : stderr.split('\n')[0];
  return reason || failed.message;
}
