// The manifest check on its own, against trees of a real git repository: each refusal's reason,
// exact message and hint (the messages are a contract), and the findings it collects.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MANIFEST_PATH, sha256 } from '../../src/output/manifest.ts';
import { SyncFailure } from '../../src/sync/failure.ts';
import { listTree } from '../../src/sync/read-tree.ts';
import { checkBytes, compareTreeToManifest, manifestMismatch, readTreeManifest } from '../../src/sync/verify-manifest.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { DeployRepo, withManifest, type SiteFiles } from './fixtures.ts';

const repo = await DeployRepo.create(await tempDir());

async function commitTree(files: SiteFiles): Promise<{ commit: string; short: string; tree: Awaited<ReturnType<typeof listTree>> }> {
  const commit = await repo.publish(files, { signWith: null, force: true });
  return { commit, short: commit.slice(0, 12), tree: await listTree(repo.bare, commit) };
}

async function refusal(files: SiteFiles): Promise<{ failure: SyncFailure; commit: string; short: string }> {
  const { commit, short, tree } = await commitTree(files);
  const failure = await readTreeManifest(repo.bare, commit, tree).then(
    () => assert.fail('expected the manifest to be refused'),
    (error: unknown) => error,
  );
  assert.ok(failure instanceof SyncFailure);
  return { failure, commit, short };
}

const validManifest = JSON.parse(withManifest({ 'index.html': 'home\n' })[MANIFEST_PATH] as string) as Record<string, unknown>;

describe('readTreeManifest refuses a tree without a valid manifest', () => {
  const cases: { name: string; files: SiteFiles; what: string; hint: string }[] = [
    {
      name: 'no manifest',
      files: { 'index.html': 'home\n' },
      what: 'tree without a manifest',
      hint: 'publish the output of `galley build`, which writes the manifest',
    },
    {
      name: 'a manifest that is not JSON',
      files: { 'index.html': 'home\n', [MANIFEST_PATH]: '{"manifestVersion": 1,' },
      what: 'manifest that is not JSON',
      hint: 'rebuild and publish again',
    },
    {
      name: 'a manifest with a file of the wrong shape',
      files: { 'index.html': 'home\n', [MANIFEST_PATH]: JSON.stringify({ ...validManifest, files: [{ path: 'index.html', sha256: 'abc', size: 5 }] }) },
      what: 'manifest shape (files.0.sha256: Invalid string: must match pattern /^[0-9a-f]{64}$/)',
      hint: 'rebuild with a galley that writes manifestVersion 1',
    },
    {
      name: 'a manifest that is not an object',
      files: { 'index.html': 'home\n', [MANIFEST_PATH]: '[]' },
      what: 'manifest shape (root: Invalid input: expected object, received array)',
      hint: 'rebuild with a galley that writes manifestVersion 1',
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { failure, commit, short } = await refusal(c.files);
      assert.equal(failure.reason, 'manifest-invalid');
      assert.equal(failure.message, `Unexpected ${c.what} in ${short}, expected a valid ${MANIFEST_PATH}`);
      assert.equal(failure.hint, c.hint);
      assert.equal(failure.revision, commit);
      assert.equal(failure.refused, true);
    });
  }
});

test('readTreeManifest reads the manifest, not the first file of the tree', async () => {
  // `-first.txt` sorts before `.galley/` in git's tree order.
  const files = withManifest({ '-first.txt': 'not the manifest\n', 'index.html': 'home\n' });
  const { commit, tree } = await commitTree(files);
  assert.equal(tree[0]!.path, '-first.txt');
  const manifest = await readTreeManifest(repo.bare, commit, tree);
  assert.deepEqual(
    manifest.files.map((f) => f.path),
    ['-first.txt', 'index.html'],
  );
});

test('compareTreeToManifest names every extra, resized and missing file, and skips the manifest', async () => {
  const built = withManifest({ 'index.html': 'home\n', 'about.html': 'about\n', 'gone.html': 'gone\n', 'same-size.html': 'aaaa\n' });
  const altered: SiteFiles = { ...built, 'about.html': 'about, altered\n', 'extra.html': 'extra\n', 'same-size.html': 'bbbb\n' };
  delete altered['gone.html'];
  const { tree } = await commitTree(altered);
  const manifest = JSON.parse(built[MANIFEST_PATH] as string);
  assert.deepEqual(compareTreeToManifest(tree, manifest), [
    'Unexpected size 15 of `about.html`, expected 6',
    'Unexpected file `extra.html` not in the manifest',
    'Unexpected missing file `gone.html`, expected by the manifest',
  ]);
  assert.deepEqual(compareTreeToManifest((await commitTree(built)).tree, manifest), []);
});

test('checkBytes passes the listed bytes and names both hashes of others', () => {
  const entry = { path: 'index.html', sha256: sha256('home\n'), size: 5 };
  assert.equal(checkBytes(entry, Buffer.from('home\n')), undefined);
  assert.equal(
    checkBytes(entry, Buffer.from('HOME\n')),
    `Unexpected sha256 ${sha256('HOME\n').slice(0, 12)}… of \`index.html\`, expected ${entry.sha256.slice(0, 12)}…`,
  );
});

test('manifestMismatch counts every finding, quotes the first three and keeps them all', () => {
  const commit = 'c0ffee'.repeat(7).slice(0, 40);
  const findings = ['one', 'two', 'three', 'four'];
  const failure = manifestMismatch(commit, findings);
  assert.equal(failure.reason, 'manifest-mismatch');
  assert.equal(failure.message, 'Unexpected 4 file(s) not matching the manifest in c0ffeec0ffee: one; two; three');
  assert.deepEqual(failure.details, findings);
  assert.equal(failure.revision, commit);
  assert.equal(failure.hint, 'the deploy commit was altered after the build; publish a fresh build');
});
