import assert from 'node:assert/strict';
import { chmod, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { configSchema } from '../../src/config/schema.ts';
import { embeddedReposDir, startEmbeddedServer } from '../../src/publish/git-server/embedded-server.ts';
import { publishContext } from '../../src/publish/publish-context.ts';
import { readManifest } from '../../src/output/manifest.ts';
import { runCli } from '../helpers/run-cli.ts';
import { fixtureProject } from '../helpers/fixture-project.ts';
import { nginxSkip } from '../helpers/nginx.ts';
import { commitProject, startReplica } from '../helpers/served-chain.ts';

const run = promisify(execFile);
const PRIVATE = /PRIVATE KEY|b3BlbnNzaC1rZXktdjE/; // the armor, or the base64 of "openssh-key-v1"

test('galley keys, doctor, diff, publish, rollback from the command line', { skip: nginxSkip }, async (t) => {
  // A one-entry project with the pinned vendor files under git, built by publish itself.
  const root = await fixtureProject();
  const commit = await commitProject(root);
  const init = await runCli(['keys', 'init'], root);
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stdout, /write\s+SHA256:\S+\nread\s+SHA256:\S+\nsigning\s+SHA256:\S+\nhost\s+SHA256:/);
  for (const name of ['write_ed25519', 'read_ed25519', 'signing_ed25519', 'host_ed25519']) {
    const { mode } = await import('node:fs').then((fs) => fs.statSync(path.join(root, '.galley/keys', name)));
    assert.equal(mode & 0o777, 0o600, name);
    assert.match(await readFile(path.join(root, '.galley/keys', name), 'utf8'), /^-----BEGIN OPENSSH PRIVATE KEY-----/);
  }
  assert.match(await readFile(path.join(root, '.galley/keys/allowed_signers'), 'utf8'), /^publish@galley\.invalid namespaces="git,galley-sync" ssh-ed25519 /);
  assert.match((await runCli(['keys', 'init'], root)).stdout, /nothing created/);

  const ctx = publishContext(root, configSchema.parse({}), {});
  const server = await startEmbeddedServer(ctx, { port: 0 });
  t.after(() => server.close());
  // Outside git the build time would be "now"; fixed, a rebuild is byte-identical.
  const env = { ...process.env, GALLEY_REMOTE: `ssh://git@127.0.0.1:${server.port}/site.git`, SOURCE_DATE_EPOCH: '1795000000' };

  // The address publish proves each release at: one sync loop and nginx, as deployed.
  const replica = await startReplica(publishContext(root, configSchema.parse({}), env));
  const outputs: string[] = [init.stdout];
  const cli = async (args: string[], extra: NodeJS.ProcessEnv = {}) => {
    if (args[0] === 'publish' || args[1] === '--to') args = [...args, '--confirm-url', replica.nginx.url, '--confirm-timeout', '60'];
    const result = await runCli(args, root, { ...env, ...extra });
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const doctor = await cli(['doctor']);
  assert.equal(doctor.code, 0, doctor.stderr);
  assert.match(doctor.stdout, /answers the read key \(main not published yet\)/);
  assert.match(doctor.stdout, /allowed_signers trusts the signing key for sync requests \(publish@galley\.invalid, namespace galley-sync\)/);

  const diff = await cli(['diff']);
  assert.equal(diff.code, 0, diff.stderr);
  const built = await readManifest(path.join(root, 'site'));
  assert.match(diff.stdout, new RegExp(`^\\+${built.files.length} added, ~0 changed, -0 removed`));
  assert.match(diff.stdout, /\n  \+ 404\.html  \d/);

  const published = await cli(['publish']);
  assert.equal(published.code, 0, published.stderr);
  const tag = /known-good tag (release\/dev\/\S+), served by /.exec(published.stdout)?.[1];
  assert.ok(tag, published.stdout);
  const released = (await run('git', ['--git-dir', path.join(embeddedReposDir(root), 'site.git'), 'show', `${tag}:.galley/manifest.json`])).stdout;
  assert.match(released, new RegExp(`"sourceCommit": "${commit}",\n  "sourceDirty": false`));
  assert.match((await cli(['publish'])).stdout, /nothing changed/);

  // A failing gate stops publish before anything is fetched or pushed.
  const entries = path.join(root, 'content/entries');
  const entry = path.join(entries, (await readdir(entries)).find((f) => f.endsWith('.md'))!);
  const source = await readFile(entry, 'utf8');
  await writeFile(entry, source.replace(/^title:/m, 'titel:'));
  const gated = await cli(['publish']);
  assert.equal(gated.code, 1, gated.stderr);
  assert.match(gated.stderr, /nothing published/);
  await writeFile(entry, source.replace(/^(## .*)$/m, '$1\n\nOne more sentence.'));
  await run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-am', 'one more sentence'], { cwd: root });
  const changed = await cli(['publish']);
  assert.equal(changed.code, 0, changed.stderr);
  // One entry's text changed: its page and the feeds change; only the search index's
  // content-hashed shards come and go.
  assert.match(changed.stdout, /^\+\d+ added, ~\d+ changed, -\d+ removed/);
  assert.match(changed.stdout, /^ {2}~ entries\/base\/index\.html /m);
  const comeAndGone = [...changed.stdout.matchAll(/^ {2}[+-] (\S+)/gm)].map((m) => m[1]!);
  assert.deepEqual(comeAndGone.filter((file) => !file.startsWith('pagefind/')), [], changed.stdout);
  const listed = (await cli(['rollback'])).stdout;
  // Each release with its evidence; the newest is where release/dev points.
  assert.match(listed, /^release\/dev\/\S+  [0-9a-f]{12}  \(serving this tree, release\/dev\)\n  built from [0-9a-f]{12} by galley \S+; proven \S+Z at http:\/\/127\.0\.0\.1:\d+: 1 answer\(s\) in a row, \d+ files hash-checked, 1 replica\(s\) seen\n/);
  assert.match(listed, new RegExp(`\n${tag}  [0-9a-f]{12}\n  built from ${commit.slice(0, 12)} by galley `));
  const rolled = await cli(['rollback', '--to', tag]);
  assert.equal(rolled.code, 0, rolled.stderr);
  assert.match(rolled.stdout, new RegExp(`rolled back: [0-9a-f]{12} has the tree of ${tag}`));
  assert.match(rolled.stdout, /; known-good tag release\/dev\/\S+, served by http:/, 'the rollback commit is tagged once it is served');
  assert.match((await cli(['rollback'])).stdout, new RegExp(`${tag}  [0-9a-f]{12}  \\(serving this tree\\)`));
  assert.match((await cli(['rollback'])).stdout, /^release\/dev\/\S+  [0-9a-f]{12}  \(serving this tree, release\/dev\)\n/, 'the rollback commit is the newest known-good');
  const unknown = await cli(['rollback', '--to', 'release/dev/nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /publish-rollback-unknown-tag/);

  // doctor: each problem its own message, rule and exit code.
  const doctorCases: { name: string; env?: NodeJS.ProcessEnv; arrange?: () => Promise<void>; code: number; rule: string }[] = [
    { name: 'read key equal to the signing key', env: { GALLEY_READ_KEY: ctx.keys.signing }, code: 2, rule: 'publish-key-reused' },
    { name: 'missing host key pin', env: { GALLEY_KNOWN_HOSTS: path.join(root, 'nowhere') }, code: 2, rule: 'publish-host-unpinned' },
    { name: 'no pin for this remote', env: { GALLEY_REMOTE: 'ssh://git@localhost:2222/site.git' }, code: 2, rule: 'publish-host-unpinned' },
    { name: 'unreachable remote', env: { GALLEY_REMOTE: 'ssh://git@127.0.0.1:1/site.git' }, code: 3, rule: 'publish-remote-unreachable' },
    {
      name: 'signing key allowed for commits only: a warning, the poll still serves',
      arrange: async () => writeFile(ctx.keys.allowedSigners, (await readFile(ctx.keys.allowedSigners, 'utf8')).replace('namespaces="git,galley-sync"', 'namespaces="git"')),
      code: 0,
      rule: 'publish-sync-signer',
    },
    { name: 'loose permissions', arrange: () => chmod(ctx.keys.read, 0o640), code: 2, rule: 'publish-key-permissions' },
  ];
  for (const c of doctorCases) {
    await c.arrange?.();
    const result = await cli(['doctor'], c.env);
    assert.equal(result.code, c.code, `${c.name}: ${result.stderr}`);
    assert.match(result.stderr, new RegExp(`${c.rule}\\n  hint: `), c.name);
  }
  await rm(ctx.keys.knownHosts);
  assert.equal((await cli(['publish'])).code, 2, 'publish refuses an unpinned host too');
  assert.doesNotMatch(outputs.join('\n'), PRIVATE, 'no private key material is ever printed');
});
