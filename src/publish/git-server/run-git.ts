import { spawn } from 'node:child_process';
import type { ServerChannel } from 'ssh2';
import type { GitService } from './authorize.ts';

/**
 * Run the real `git upload-pack|receive-pack` behind an exec channel: channel → stdin,
 * stdout → channel, stderr → the channel's stderr, then exit-status and close. A client that goes
 * away mid-push kills the child, so git discards the half-received pack and no ref moves.
 */
export interface GitTraffic {
  /** Bytes the client sent (a push's pack). */
  received: number;
  /** Bytes sent to the client (ref advertisement, a fetch's pack). */
  sent: number;
}

export function runGit(channel: ServerChannel, service: GitService, repoPath: string, onExit: (code: number, traffic: GitTraffic) => void): void {
  const child = spawn('git', [service.slice('git-'.length), repoPath], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  let exited = false;
  const traffic: GitTraffic = { received: 0, sent: 0 };
  channel.on('data', (chunk: Buffer) => (traffic.received += chunk.length));
  child.stdout.on('data', (chunk: Buffer) => (traffic.sent += chunk.length));
  channel.pipe(child.stdin);
  // The client may close first (a fetch that found nothing to do); that is not an error.
  child.stdin.on('error', () => {});
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  child.on('error', () => finish(127));
  child.on('close', (code, signal) => finish(code ?? (signal ? 128 + 9 : 1)));
  channel.on('close', () => {
    if (!exited) child.kill('SIGTERM');
  });

  function finish(code: number): void {
    if (exited) return;
    exited = true;
    onExit(code, traffic);
    // An empty write completes after every queued chunk, so exit-status follows the last data.
    channel.write(Buffer.alloc(0), () => {
      channel.exit(code);
      channel.end();
    });
  }
}
