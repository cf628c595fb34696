#!/usr/bin/env node
// A git SSH transport for tests (`GIT_SSH_COMMAND="node drop-after.mjs"`): runs the remote command
// locally and drops the connection after DROP_AFTER_BYTES bytes of its answer, like a cut link.
import { spawn } from 'node:child_process';

const command = process.argv.at(-1);
const limit = Number(process.env.DROP_AFTER_BYTES ?? 2048);
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
child.on('exit', () => process.exit(0));
