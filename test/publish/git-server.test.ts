import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { authorizeExec, type ServerRole } from '../../src/publish/git-server/authorize.ts';
import { startEmbeddedServer } from '../../src/publish/git-server/embedded-server.ts';
import { sshCommand } from '../../src/publish/ssh-command.ts';
import { publishProject } from './publish-fixture.ts';

const run = promisify(execFile);

// What each role may run (design §6); anything else is refused with a reason.
const cases: { command: string; role: ServerRole; allowed: true | RegExp }[] = [
  { command: "git-upload-pack '/site.git'", role: 'read', allowed: true },
  { command: "git-upload-pack '/site.git'", role: 'write', allowed: true },
  { command: "git-receive-pack '/site.git'", role: 'write', allowed: true },
  { command: "git receive-pack '/site.git'", role: 'write', allowed: true },
  { command: "git-receive-pack '/site.git'", role: 'read', allowed: /Unexpected git-receive-pack with the read key/ },
  { command: "git-upload-archive '/site.git'", role: 'write', allowed: /Unexpected command/ },
  { command: "git-upload-pack '/../keys.git'", role: 'read', allowed: /Unexpected repository path/ },
  { command: "git-upload-pack '/a/b.git'", role: 'read', allowed: /Unexpected repository path/ },
  { command: 'sh -c id', role: 'write', allowed: /Unexpected command `sh -c id`/ },
  // The whole command is the git service: nothing before it, nothing after it.
  { command: "id; git-upload-pack '/site.git'", role: 'read', allowed: /Unexpected command/ },
  { command: "git-upload-pack '/site.git' && id", role: 'read', allowed: /Unexpected command/ },
  // Slashes around the name are trimmed; one inside it is a path, refused.
  { command: "git-upload-pack '//site.git'", role: 'read', allowed: true },
  { command: "git-upload-pack '/site.git/'", role: 'read', allowed: true },
  { command: "git-upload-pack 'site.git//'", role: 'read', allowed: true },
  { command: "git-upload-pack 'sub/site.git'", role: 'read', allowed: /Unexpected repository path `sub\/site.git`/ },
  // What the client sent reaches the log as one short printable line.
  { command: 'rm -rf /\nid', role: 'write', allowed: /^Unexpected command `rm -rf \/\?id`/ },
  { command: `git-upload-pack '/../${'x'.repeat(500)}'`, role: 'read', allowed: /^Unexpected repository path `\/\.\.\/x{116}`, expected/ },
];

for (const c of cases) {
  test(`${c.role} key: ${c.command}`, () => {
    const decision = authorizeExec(c.command, c.role, '/repos');
    if (c.allowed === true) {
      assert.equal(decision.ok, true);
      if (decision.ok) assert.equal(decision.repoPath, path.join('/repos', 'site.git'));
    } else {
      assert.equal(decision.ok, false);
      if (!decision.ok && c.allowed instanceof RegExp) assert.match(decision.reason, c.allowed);
    }
  });
}

test('the embedded server refuses a non-git command; a second one on its port takes another', async () => {
  const project = await publishProject('embedded');
  const ctx = project.ctx();
  const ssh = sshCommand({ keyPath: ctx.keys.write, knownHostsPath: ctx.keys.knownHosts }).split(' ');
  const result = await run(ssh[0]!, [...ssh.slice(1), '-p', String(project.server!.port), 'git@127.0.0.1', 'id']).then(
    () => assert.fail('a shell command must be refused'),
    (error: { code: number; stderr: string }) => error,
  );
  assert.equal(result.code, 1);
  assert.match(result.stderr, /galley: Unexpected command `id`/);
  assert.match(await project.serverLog(), /refused write key: Unexpected command `id`/);

  // A second server on a taken port takes a free one instead of stopping (a second `npm start`).
  const second = await startEmbeddedServer(ctx, { port: project.server!.port });
  await second.close();
  assert.notEqual(second.port, project.server!.port);
  assert.ok(second.port > 0);
});
