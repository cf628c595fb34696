// A signal right after the sidecar logs `start` (a pod stopped as it began) must stop it after the
// running cycle with exit 0, never kill it mid-cycle. The child signals itself as it writes `start`,
// the narrowest window there is, so the test does not depend on scheduling.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/temp-dir.ts';

const child = `
import { Writable } from 'node:stream';
import { runSidecar } from ${JSON.stringify(path.join(import.meta.dirname, '../../src/sync/run-sidecar.ts'))};
import { syncOptionsSchema } from ${JSON.stringify(path.join(import.meta.dirname, '../../src/sync/options.ts'))};
const [dest] = process.argv.slice(-1);
const stdout = new Writable({
  write(chunk, _encoding, done) {
    process.stdout.write(chunk);
    if (chunk.includes('"event":"start"')) process.kill(process.pid, 'SIGTERM');
    done();
  },
});
const options = syncOptionsSchema.parse({ repository: dest + '/missing.git', dest, allowedSigners: dest + '/signers', listen: '', interval: 60 });
process.exitCode = await runSidecar(options, { stdout, signals: true });
`;

test('SIGTERM as the sidecar logs start: the cycle finishes, exit 0', { timeout: 60_000 }, async () => {
  const dir = await tempDir('galley-sidecar-signal-');
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child, path.join(dir, 'srv')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => proc.on('exit', (c, s) => resolve([c, s])));
  assert.deepEqual({ code, signal }, { code: 0, signal: null }, out);
  const events = out.trim().split('\n').map((line) => (JSON.parse(line) as { event: string }).event);
  assert.deepEqual(events, ['start', 'stopping', 'cycle', 'stopped']);
});
