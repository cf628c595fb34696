// `npm start` on a busy machine: the wanted SSH and HTTP ports are taken (held by this test), so it
// picks free ones and prints them; a poll's SSH server lines stay behind --verbose; a second start
// on an unchanged site says there was nothing new to publish and where it serves.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { fixtureProject, projectRoot } from '../helpers/fixture-project.ts';

async function holdPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Run `npm start` in `root` until it says where it serves, then Ctrl-C it; its stderr and exit code. */
async function start(root: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<{ lines: string[]; url: string; status: number; code: number | null }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(projectRoot, 'src/cli/start.ts'), ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  const served = new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const url = / serving [0-9a-f]{12} at (http:\/\/127\.0\.0\.1:\d+)\/ /.exec(text)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', () => reject(new Error(`npm start exited before serving:\n${text}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await served;
    const { status } = await fetch(`${url}/`, { signal: AbortSignal.timeout(30_000) });
    return { lines: text.split('\n'), url, status, code: (child.kill('SIGINT'), await exited) };
  } finally {
    child.kill('SIGKILL');
  }
}

test('npm start picks free ports when the wanted ones are taken, quiet unless --verbose, says what it did', { timeout: 180_000 }, async () => {
  const ssh = await holdPort();
  const http = await holdPort();
  try {
    const root = await fixtureProject();
    await writeFile(path.join(root, 'site.config.ts'), `export default { publish: { port: ${ssh.port} } };\n`);
    const env = { ...process.env, PORT: String(http.port), SOURCE_DATE_EPOCH: '1795000000' };

    const first = await start(root, env);
    const text = first.lines.join('\n');
    assert.equal(first.status, 200, text);
    assert.equal(first.code, 0, text);
    assert.notEqual(new URL(first.url).port, String(http.port));
    assert.match(text, new RegExp(`serving [0-9a-f]{12} at ${first.url}/ .*\\(${http.port} was in use\\)`));
    assert.match(text, new RegExp(`SSH server at 127\\.0\\.0\\.1:(?!${ssh.port}\\b)\\d+ \\(${ssh.port} was in use\\)`));
    assert.match(text, /published [0-9a-f]{12} \(\+\d+ ~0 -0 files\)/);
    assert.deepEqual(first.lines.filter((l) => /ssh: /.test(l)), [], 'no SSH server lines without --verbose');

    const second = await start(root, env, ['--verbose']);
    const again = second.lines.join('\n');
    assert.equal(second.status, 200, again);
    assert.match(again, /nothing new to publish/);
    assert.match(again, new RegExp(`serving [0-9a-f]{12} at ${second.url}/ `));
    assert.ok(second.lines.some((l) => /ssh: read key: git-upload-pack exited 0/.test(l)), 'the SSH server lines with --verbose');
  } finally {
    await ssh.close();
    await http.close();
  }
});
