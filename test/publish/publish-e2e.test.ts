import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { syncDeployClone } from '../../src/publish/deploy-clone.ts';
import { publishSite } from '../../src/publish/publish-site.ts';
import { listReleases, releaseBranchTip } from '../../src/publish/push-release.ts';
import { parseEvidence, type ServedEvidence } from '../../src/publish/release-evidence.ts';
import { rollbackTo } from '../../src/publish/rollback.ts';
import { gitSshEnv } from '../../src/publish/ssh-command.ts';
import { GENERATOR_VERSION } from '../../src/version.ts';
import { writeBuiltSite } from '../helpers/built-site.ts';
import { skipUnlessCi } from '../helpers/needs-tool.ts';
import { sshdSkipReason } from '../helpers/sshd.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { git, publishProject, type Transport } from './publish-fixture.ts';

const run = promisify(execFile);
// What is served is proven in served-proof.test.ts against nginx; here only git, SSH and signing are
// under test, so the proof is taken as given (without one, nothing would be tagged) with what it
// would report.
const SEEN: ServedEvidence = { url: 'http://127.0.0.1:8080', answersInARow: 16, filesChecked: 3, replicas: ['pod-a', 'pod-b'] };
const servedHere = async (): Promise<ServedEvidence> => SEEN;
const SITE = {
  'index.html': '<h1>The Galley Proof</h1>\n',
  'entries/one/index.html': '<h1>One</h1>\n',
  'assets/site.css': 'body { margin: 0 }\n',
};

// The same publish code against both servers (design §6: the embedded default and a real deployment).
const transports: { transport: Transport; skip: string | false }[] = [
  { transport: 'embedded', skip: false },
  { transport: 'sshd', skip: skipUnlessCi(sshdSkipReason()) },
];

for (const { transport, skip } of transports) {
  describe(`publish over ${transport === 'sshd' ? 'OpenSSH sshd' : 'the embedded ssh2 server'}`, { skip }, () => {
    test('publishes once, signs, refuses the read key, rolls back to a known-good tree', async () => {
      const project = await publishProject(transport);
      const ctx = project.ctx();
      await writeBuiltSite(project.siteDir, SITE, 'a'.repeat(40));

      const dry = await publishSite({ ctx, siteDir: project.siteDir, dryRun: true });
      assert.equal(dry.status, 'dry-run');
      assert.equal(dry.diff.added.length, 3);
      assert.equal(await git(project.bare, 'rev-list', '--all', '--count'), '0', 'a dry run pushes nothing');

      const first = await publishSite({ ctx, siteDir: project.siteDir, confirm: servedHere });
      assert.equal(first.status, 'published');
      assert.equal(await git(project.bare, 'rev-parse', 'main'), first.commit);
      assert.match(first.tag ?? '', /^release\/dev\/\d{8}T\d{6}Z-[0-9a-f]{7}$/);
      assert.equal(await git(project.bare, 'rev-parse', `${first.tag}^{commit}`), first.commit);
      assert.match(await git(project.bare, 'log', '-1', '--format=%B', 'main'), /Source-Commit: a{40}/);
      // The tag says what was built and how it was proven; the release branch points at it.
      const evidence = parseEvidence(first.commit!, await git(project.bare, 'tag', '-l', '--format=%(contents)', first.tag!));
      assert.deepEqual({ ...evidence, provenAt: undefined }, {
        release: first.commit, sourceCommit: 'a'.repeat(40), sourceDirty: false, generator: GENERATOR_VERSION, ...SEEN, provenAt: undefined,
      });
      assert.match(evidence!.provenAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(await git(project.bare, 'rev-parse', 'release/dev'), first.commit);

      // The same bytes again (a rebuild only changes the build time): no commit.
      await writeBuiltSite(project.siteDir, SITE, 'b'.repeat(40));
      const again = await publishSite({ ctx, siteDir: project.siteDir, confirm: servedHere });
      assert.equal(again.status, 'unchanged');
      assert.equal(await git(project.bare, 'rev-list', '--count', 'main'), '1');

      // Signature: accepted with allowed_signers, a commit signed by another key is not.
      const clone = path.join(await tempDir(), 'clone');
      const readEnv = { ...project.env, ...gitSshEnv({ keyPath: ctx.keys.read, knownHostsPath: ctx.keys.knownHosts }) };
      await run('git', ['clone', '-q', ctx.remote, clone], { env: readEnv });
      const verify = (rev: string) =>
        run('git', ['-c', `gpg.ssh.allowedSignersFile=${ctx.keys.allowedSigners}`, 'verify-commit', rev], { cwd: clone });
      const good = await verify('HEAD');
      assert.match(good.stderr, /Good "git" signature for publish@galley\.invalid with ED25519 key SHA256:/);
      const other = path.join(path.dirname(clone), 'other_ed25519');
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
      await run('git', ['-c', 'gpg.format=ssh', '-c', `user.signingKey=${other}`, '-c', 'user.name=galley publish', '-c', 'user.email=publish@galley.invalid', 'commit', '-q', '--allow-empty', '-S', '-m', 'forged'], { cwd: clone });
      await assert.rejects(verify('HEAD'), /No principal matched|Could not verify/);

      // The read key cannot push; the server says why.
      await assert.rejects(run('git', ['push', '-q', 'origin', 'HEAD:refs/heads/main'], { cwd: clone, env: readEnv }));
      assert.equal(await git(project.bare, 'rev-parse', 'main'), first.commit, 'the read key moved nothing');
      assert.match(await project.serverLog(), /refused read key: Unexpected git-receive-pack/);

      // A one-file change is one more commit; rollback makes a new commit with the old tree.
      await writeBuiltSite(project.siteDir, { ...SITE, 'index.html': '<h1>Changed</h1>\n' });
      const second = await publishSite({ ctx, siteDir: project.siteDir, confirm: servedHere });
      assert.deepEqual([second.diff.added.length, second.diff.changed.length, second.diff.removed.length], [0, 1, 0]);
      assert.equal(await git(project.bare, 'rev-list', '--count', 'main'), '2');

      const { git: cloneGit } = await syncDeployClone(ctx);
      const releases = await listReleases(cloneGit, ctx);
      assert.equal(releases.length, 2);
      assert.deepEqual(releases.map((r) => r.evidence?.release), [second.commit, first.commit]);
      assert.equal(await releaseBranchTip(cloneGit, ctx), second.commit, 'the release branch moved forward to the newer known-good');
      const back = await rollbackTo(ctx, first.tag!, servedHere);
      assert.equal(back.status, 'rolled-back');
      assert.match(back.tag ?? '', /^release\/dev\//, 'tagged once the (stand-in) proof passed');
      assert.equal(await git(project.bare, 'rev-parse', 'main^{tree}'), await git(project.bare, 'rev-parse', `${first.tag}^{tree}`));
      assert.equal(await git(project.bare, 'rev-list', '--count', 'main'), '3', 'a new commit, not a reset');
      await run('git', ['merge-base', '--is-ancestor', second.commit!, 'main'], { cwd: project.bare });
      assert.equal(await git(project.bare, 'rev-parse', 'release/dev'), back.commit);

      // The release branch moves only forward, and only with the write key.
      const writeEnv = { ...project.env, ...gitSshEnv({ keyPath: ctx.keys.write, knownHostsPath: ctx.keys.knownHosts }) };
      await run('git', ['fetch', '-q', 'origin'], { cwd: clone, env: readEnv });
      const backwards = await run('git', ['push', 'origin', `${first.commit}:refs/heads/release/dev`], { cwd: clone, env: writeEnv }).then(
        () => assert.fail('a non-fast-forward of release/dev must be refused'),
        (error: { stderr: string }) => error.stderr,
      );
      assert.match(backwards, /non-fast-forward|rejected/);
      await assert.rejects(run('git', ['push', '-q', 'origin', ':refs/heads/release/dev'], { cwd: clone, env: writeEnv }), 'nor deleted');
      await assert.rejects(run('git', ['push', '-q', 'origin', `${back.commit}:refs/heads/release/dev`, '--force'], { cwd: clone, env: readEnv }));
      assert.equal(await git(project.bare, 'rev-parse', 'release/dev'), back.commit, 'the release branch did not move');
    });
  });
}

test('a commit tagged before tags moved release/<target> gets the branch on the next publish', async () => {
  const project = await publishProject('embedded');
  const ctx = project.ctx();
  await writeBuiltSite(project.siteDir, SITE, 'a'.repeat(40));
  const pushed = await publishSite({ ctx, siteDir: project.siteDir });
  assert.equal(pushed.tag, undefined, 'no proof, no tag');
  // What an older galley left: a known-good tag, no release branch.
  await git(project.bare, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'tag', '-a', '-m', 'Known-good dev release', `release/dev/20260101T000000Z-${pushed.commit!.slice(0, 7)}`, pushed.commit!);
  await assert.rejects(git(project.bare, 'rev-parse', '--verify', 'refs/heads/release/dev'));
  const again = await publishSite({ ctx, siteDir: project.siteDir, confirm: servedHere });
  assert.equal(again.status, 'unchanged');
  assert.equal(await git(project.bare, 'rev-parse', 'refs/heads/release/dev'), pushed.commit);
});
