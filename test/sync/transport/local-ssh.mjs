#!/usr/bin/env node
// A git SSH transport for tests (`GIT_SSH_COMMAND="node local-ssh.mjs"`): runs the remote command
// locally, after DELAY_MS (a slow link), and drops the connection after DROP_AFTER_BYTES bytes of
// its answer when set (a cut link).
import { spawn } from 'node:child_process';

const command = process.argv.at(-1);
const limit = Number(process.env.DROP_AFTER_BYTES ?? Infinity);
await new Promise((resolve) => setTimeout(resolve, Number(process.env.DELAY_MS ?? 0)));
const child = spawn('sh', ['-c', command], { stdio: ['pipe', 'pipe', 'inherit'] });
process.stdin.pipe(child.stdin);
child.stdin.on('error', () => undefined);
let sent = 0;
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk.subarray(0, Math.max(0, limit - sent)));
  sent += chunk.length;
  if (sent >= limit) {
    child.kill('SIGKILL');
    process.stdout.end(() => process.exit(0));
  }
});
child.on('exit', () => process.stdout.end(() => process.exit(0)));
