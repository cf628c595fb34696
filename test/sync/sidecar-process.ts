// The sidecar bundle run as its own process, as the container runs it; its JSON log is parsed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface LogEvent {
  event: string;
  level: string;
  [key: string]: unknown;
}

export interface SidecarProcess {
  child: ChildProcess;
  events: LogEvent[];
  /** Resolves with the first event (already logged or future) matching; rejects after `ms`. */
  waitFor(match: (e: LogEvent) => boolean, ms?: number): Promise<LogEvent>;
  exited: Promise<number | null>;
}

export function startSidecar(bundle: string, args: string[], env: NodeJS.ProcessEnv = {}): SidecarProcess {
  const child = spawn(process.execPath, [bundle, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: LogEvent[] = [];
  const waiters: { match: (e: LogEvent) => boolean; resolve: (e: LogEvent) => void }[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const event = JSON.parse(line) as LogEvent;
    events.push(event);
    for (const waiter of [...waiters]) {
      if (!waiter.match(event)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    events,
    exited,
    waitFor(match, ms = 30_000) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        // A deadline so a broken sidecar fails the test instead of hanging it; not a timing claim.
        const timer = setTimeout(() => reject(new Error(`no matching sidecar event in ${ms} ms; stderr: ${stderr}\n${events.map((e) => JSON.stringify(e)).join('\n')}`)), ms);
        waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
  };
}
