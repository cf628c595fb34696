// Known-good means served (design §6): the real chain — embedded SSH git server, the sync loop
// with the read key, Debian's nginx with deploy/nginx/nginx.conf — and `galley publish` on top.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config/load-config.ts';
import { GENERATOR_VERSION } from '../../src/version.ts';
import { readManifest } from '../../src/output/manifest.ts';
import { embeddedReposDir, startEmbeddedServer } from '../../src/publish/git-server/embedded-server.ts';
import { publishContext } from '../../src/publish/publish-context.ts';
import { proofTarget, proveServed } from '../../src/publish/served-proof.ts';
import { fixtureProject } from '../helpers/fixture-project.ts';
import { nginxSkip } from '../helpers/nginx.ts';
import { runCli } from '../helpers/run-cli.ts';
import { commitProject, roundRobin, startReplica } from '../helpers/served-chain.ts';

const run = promisify(execFile);
const git = async (cwd: string, ...args: string[]) => (await run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd })).stdout.trim();

test('publish tags only what the address serves, byte for byte, on every replica; a dirty tree is refused', { skip: nginxSkip, timeout: 240_000 }, async (t) => {
  const root = await fixtureProject();
  // Two pods behind the readers' address: the revision must answer 16 times in a row.
  await writeFile(path.join(root, 'site.config.ts'), 'export default { publish: { confirm: { replicas: 2, syncInterval: 0.2 } } };\n');
  assert.equal((await runCli(['keys', 'init'], root)).code, 0);
  const { config } = await loadConfig(root);
  const server = await startEmbeddedServer(publishContext(root, config, {}), { port: 0 });
  t.after(() => server.close());
  const env = { ...process.env, GALLEY_REMOTE: `ssh://git@127.0.0.1:${server.port}/site.git` };
  const ctx = publishContext(root, config, env);
  const bare = path.join(embeddedReposDir(root), 'site.git');
  const source = await commitProject(root);
  const publish = (...args: string[]) => runCli(['publish', ...args], root, env);
  const tags = () => git(bare, 'tag', '-l', 'release/*');

  const a = await startReplica(ctx);
  const first = await publish('--confirm-url', a.nginx.url, '--confirm-timeout', '60');
  assert.equal(first.code, 0, first.stderr);
  const manifest = await readManifest(path.join(root, 'site'));
  assert.equal(manifest.sourceDirty, false);
  assert.equal(manifest.sourceCommit, source);
  assert.match(first.stdout, new RegExp(`known-good tag release/dev/\\S+, served by ${a.nginx.url} \\(${manifest.files.length} files match\\)`));
  const served = await fetch(`${a.nginx.url}/.well-known/galley/manifest.json`);
  assert.equal(served.headers.get('cache-control'), 'no-cache');
  assert.equal(await served.text(), await readFile(path.join(root, 'site/.galley/manifest.json'), 'utf8'));
  const status = (...args: string[]) => runCli(['status', ...args], root, env);
  const agree = await status('--format', 'json', '--confirm-url', a.nginx.url);
  assert.equal(agree.code, 0, agree.stdout + agree.stderr);
  const head = await git(bare, 'rev-parse', 'main');
  const report = JSON.parse(agree.stdout);
  assert.deepEqual([report.deployed.revision, report.served.revision, report.knownGood.revision], [head, head, head]);
  assert.equal(report.served.url, a.nginx.url);
  assert.match(report.knownGood.tag, /^release\/dev\//);
  // The tag's evidence, read back, and the release branch at the same commit.
  assert.deepEqual(
    { ...report.knownGood.evidence, provenAt: undefined },
    { release: head, sourceCommit: source, sourceDirty: false, generator: GENERATOR_VERSION, url: a.nginx.url, answersInARow: 16, filesChecked: manifest.files.length, replicas: [path.basename(a.dest)], provenAt: undefined },
  );
  assert.deepEqual(report.releaseBranch, { name: 'release/dev', revision: head });
  const unreachable = await status('--confirm-url', 'http://127.0.0.1:1');
  assert.equal(unreachable.code, 3, unreachable.stdout);
  assert.match(unreachable.stdout, /unreachable: http:\/\/127\.0\.0\.1:1: unreachable \(ECONNREFUSED\)/);
  const page = await readFile(path.join(root, 'site/entries/base/index.html'), 'utf8');
  assert.match(page, new RegExp(`Built from <code>${source.slice(0, 12)}</code> on `));

  // A dirty tree: refused before any key or remote is used; the build says so in every footer.
  const before = { head: await git(bare, 'rev-parse', 'main'), tags: await tags() };
  const extra = path.join(root, 'content/entries/uncommitted.md');
  await writeFile(extra, (await readFile(path.join(root, 'content/entries/base.md'), 'utf8')).replace('The base entry', 'An uncommitted entry').replace(/^aliases:.*\n/m, ''));
  const startedAt = Date.now();
  const dirty = await publish('--confirm-url', a.nginx.url);
  assert.equal(dirty.code, 2, dirty.stderr);
  assert.match(dirty.stderr, /publish-dirty-source\n  hint: .*--allow-dirty/);
  assert.deepEqual({ head: await git(bare, 'rev-parse', 'main'), tags: await tags() }, before, 'the remote is untouched');
  const dirtyManifest = await readManifest(path.join(root, 'site'));
  assert.equal(dirtyManifest.sourceDirty, true);
  assert.notEqual(dirtyManifest.inputsHash, manifest.inputsHash);
  assert.ok(Date.parse(dirtyManifest.buildTime) >= Math.floor(startedAt / 1000) * 1000, `a dirty build is dated when it was built, not ${dirtyManifest.buildTime}`);
  for (const entry of ['base', 'uncommitted']) {
    const html = await readFile(path.join(root, `site/entries/${entry}/index.html`), 'utf8');
    assert.match(html, new RegExp(`Built from <code>${source.slice(0, 12)}</code> with uncommitted changes on `), entry);
    assert.match(html, new RegExp(`<td><code>${source.slice(0, 12)}</code> with uncommitted changes</td>`), `${entry}: the metadata's source revision`);
  }
  // Same input and SOURCE_DATE_EPOCH, same bytes, dirty or not.
  const builds: string[] = [];
  for (let i = 0; i < 2; i++) {
    await rm(path.join(root, 'site'), { recursive: true, force: true });
    assert.equal((await runCli(['build'], root, { ...env, SOURCE_DATE_EPOCH: '1795000000' })).code, 0);
    builds.push(await readFile(path.join(root, 'site/.galley/manifest.json'), 'utf8'));
  }
  assert.equal(builds[0], builds[1]);
  await rm(extra);

  // A served file altered on the volume is named.
  const current = path.join(a.dest, 'current/entries/base/index.html');
  const original = await readFile(current);
  await writeFile(current, Buffer.concat([original, Buffer.from('\n')]));
  const target = { ...proofTarget(config, { url: a.nginx.url, timeoutSeconds: 5 }), consecutive: 1 };
  await assert.rejects(proveServed(target, before.head, manifest), (error: Error & { ruleId?: string }) => {
    assert.equal(error.ruleId, 'publish-served-mismatch');
    assert.match(error.message, /`entries\/base\/index\.html`: sha256 [0-9a-f]{12}… \(\d+ bytes\)/);
    return true;
  });
  await writeFile(current, original);

  // The sidecar stopped: the push lands, the site never updates, nothing is tagged.
  await a.holdBack();
  const entry = path.join(root, 'content/entries/base.md');
  await writeFile(entry, (await readFile(entry, 'utf8')).replace('More text.', 'More text, committed.'));
  await git(root, 'commit', '-q', '-am', 'edit');
  const stale = await publish('--confirm-url', a.nginx.url, '--confirm-timeout', '3');
  assert.equal(stale.code, 3, stale.stderr);
  assert.match(stale.stderr, new RegExp(`not serving [0-9a-f]{7} after 3 s \\(still serving the previous revision ${before.head.slice(0, 7)}\\).*publish-not-served`));
  const pushed = await git(bare, 'rev-parse', 'main');
  assert.notEqual(pushed, before.head, 'the commit was pushed');
  assert.equal(await git(bare, 'tag', '--points-at', pushed), '', 'but not tagged known-good');
  const behind = await status('--confirm-url', a.nginx.url);
  assert.equal(behind.code, 1, behind.stdout + behind.stderr);
  assert.match(behind.stdout, new RegExp(`differs: served ${before.head.slice(0, 12)} is not the deployed ${pushed.slice(0, 12)} \\(deployed since \\d{4}-`));
  assert.match(behind.stdout, new RegExp(`differs: the known-good release/dev/\\S+ is ${before.head.slice(0, 12)} \\(tagged \\d{4}-.*not the deployed ${pushed.slice(0, 12)}`));

  // Two replicas behind one address, one held back: the other serving it is not enough.
  const b = await startReplica(ctx);
  const mixed = await publish('--confirm-url', await roundRobin([a.nginx.url, b.nginx.url]), '--confirm-timeout', '3');
  assert.equal(mixed.code, 3, mixed.stderr);
  assert.match(mixed.stderr, /still serving the previous revision/);
  assert.equal(await git(bare, 'tag', '--points-at', pushed), '');
  // Both replicas current: the same publish completes the tag.
  const c = await startReplica(ctx);
  const both = await publish('--confirm-url', await roundRobin([b.nginx.url, c.nginx.url]), '--confirm-timeout', '60');
  assert.equal(both.code, 0, both.stderr);
  assert.match(both.stdout, /nothing changed: .* known-good tag release\/dev\//);
  assert.match(await git(bare, 'tag', '--points-at', pushed), /^release\/dev\//);
  const message = await git(bare, 'tag', '-l', '--format=%(contents)', await git(bare, 'tag', '--points-at', pushed));
  assert.match(message, new RegExp(`\nAnswers-In-A-Row: 16\n(.*\n)*Replicas-Seen: 2 \\(${[b, c].map((r) => path.basename(r.dest)).sort().join(', ')}\\)\n`), 'both pods behind the address were seen');
  assert.equal(await git(bare, 'rev-parse', 'release/dev'), pushed, 'the release branch moved forward with the tag');

  // --no-confirm pushes and tags nothing.
  await writeFile(entry, (await readFile(entry, 'utf8')).replace('A doubt.', 'A doubt, again.'));
  await git(root, 'commit', '-q', '-am', 'edit again');
  const unconfirmed = await publish('--no-confirm');
  assert.equal(unconfirmed.code, 0, unconfirmed.stderr);
  assert.match(unconfirmed.stdout, /not tagged known-good \(--no-confirm\)/);
  assert.equal(await git(bare, 'tag', '--points-at', 'main'), '');

  // A tag from before tags carried evidence (and moved no branch): status says both.
  const head2 = await git(bare, 'rev-parse', 'main');
  const legacy = `release/dev/29991231T000000Z-${head2.slice(0, 7)}`;
  await git(bare, 'tag', '-a', '-m', `Known-good dev release ${head2.slice(0, 12)}`, legacy, head2);
  const legacyStatus = await status('--confirm-url', c.nginx.url);
  assert.equal(legacyStatus.code, 1, legacyStatus.stdout + legacyStatus.stderr);
  assert.match(legacyStatus.stdout, new RegExp(`known-good  ${head2.slice(0, 12)}  ${legacy}\n {12}no evidence in the tag`));
  assert.match(legacyStatus.stdout, new RegExp(`\nrelease     ${pushed.slice(0, 12)}  release/dev\n`));
  assert.match(legacyStatus.stdout, new RegExp(`differs: release/dev points at ${pushed.slice(0, 12)}, not the newest known-good ${head2.slice(0, 12)}`));
  await git(bare, 'tag', '-d', legacy);

  // verify: the newest known-good release rebuilds from the commit it names, byte for byte.
  const edited = await git(root, 'rev-parse', 'HEAD~1');
  const verified = await runCli(['verify'], root, env);
  assert.equal(verified.code, 0, verified.stderr + verified.stdout);
  assert.match(verified.stdout, new RegExp(`^\\d+ files identical to ${edited}: release/dev/`));
  // One output byte changed in the deploy repository: the file is named, with its first differing line.
  const deployedPage = (await run('git', ['--git-dir', bare, 'show', `${pushed}:entries/base/index.html`])).stdout;
  const changedPage = deployedPage.replace('<h1', '<h2');
  const tampered = await commitWith(bare, pushed, 'entries/base/index.html', changedPage);
  const differs = await runCli(['verify', tampered], root, env);
  assert.equal(differs.code, 1, differs.stderr);
  assert.match(differs.stdout, /1 file\(s\) differ/);
  assert.match(differs.stdout, /\n  entries\/base\/index\.html  deployed (\d+) bytes, rebuilt \1 bytes\n    line 1 col \d+: deployed ".*<h2.*"\n    line 1 col \d+: rebuilt  ".*<h1/);
  // A release another galley built: the differing manifest is named, and both versions.
  const deployedManifest = (await run('git', ['--git-dir', bare, 'show', `${pushed}:.galley/manifest.json`])).stdout;
  const older = await commitWith(bare, pushed, '.galley/manifest.json', deployedManifest.replace(/"version": "[^"]+"/, '"version": "0.0.1"'));
  const otherGalley = await runCli(['verify', older], root, env);
  assert.equal(otherGalley.code, 1, otherGalley.stderr);
  assert.match(otherGalley.stdout, /\n  \.galley\/manifest\.json  deployed \d+ bytes/);
  assert.match(otherGalley.stdout, new RegExp(`why: the release was built by galley 0\\.0\\.1, this is galley ${GENERATOR_VERSION.replace(/\./g, '\\.')}`));
  // A dirty release is refused with that reason.
  await writeFile(entry, (await readFile(entry, 'utf8')).replace('A doubt, again.', 'A doubt, not committed.'));
  assert.equal((await publish('--allow-dirty', '--no-confirm')).code, 0);
  const refused = await runCli(['verify', await git(bare, 'rev-parse', 'main')], root, env);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /uncommitted changes on top of [0-9a-f]{12} \(sourceDirty\).*verify-not-rebuildable/);
});

/** A commit on top of `parent` in the bare deploy repository with one file replaced (branch `tampered-*`). */
async function commitWith(bare: string, parent: string, file: string, text: string): Promise<string> {
  const index = path.join(bare, `index-${Date.now()}-${Math.random()}`);
  const plumb = async (...args: string[]) => (await run('git', ['--git-dir', bare, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { env: { ...process.env, GIT_INDEX_FILE: index } })).stdout.trim();
  const blob = (await run('sh', ['-c', 'printf "%s" "$0" | git --git-dir "$1" hash-object -w --stdin', text, bare])).stdout.trim();
  await plumb('read-tree', `${parent}^{tree}`);
  await plumb('update-index', '--cacheinfo', `100644,${blob},${file}`);
  const commit = await plumb('commit-tree', await plumb('write-tree'), '-p', parent, '-m', `change ${file}`);
  await plumb('update-ref', `refs/heads/tampered-${commit.slice(0, 7)}`, commit);
  return commit;
}
