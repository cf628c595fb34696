import { spawn } from 'node:child_process';

export interface GitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
}

export interface GitRunOptions {
  /** The repository (`--git-dir`); omitted for commands that take none. */
  gitDir?: string;
  /** `-c key=value` pairs, e.g. the allowed signers file. */
  config?: Record<string, string>;
  sshCommand?: string;
  timeoutMs?: number;
  input?: Buffer | string;
}

/**
 * Run git without the user's or system's configuration (so a sidecar behaves the same on every
 * host) and never prompt. Resolves with the exit status; throws only if git cannot be started.
 */
export function runGit(args: string[], options: GitRunOptions = {}): Promise<GitResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
  };
  if (options.sshCommand) env.GIT_SSH_COMMAND = options.sshCommand;
  const prefix: string[] = [];
  if (options.gitDir) prefix.push('--git-dir', options.gitDir);
  for (const [key, value] of Object.entries(options.config ?? {})) prefix.push('-c', `${key}=${value}`);
  return new Promise((resolve, reject) => {
    // detached: a timeout kills the whole group (git, ssh, remote helpers), not git alone.
    const child = spawn('git', [...prefix, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              child.kill('SIGKILL');
            }
          }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: err, timedOut });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Run git and return stdout as text, throwing with git's stderr on a non-zero exit. */
export async function gitText(args: string[], options: GitRunOptions = {}): Promise<string> {
  const result = await runGit(args, options);
  if (result.code !== 0) throw new Error(`git ${args[0]} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
  return result.stdout.toString('utf8');
}
