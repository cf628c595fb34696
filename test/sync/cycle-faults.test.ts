// Each fault leaves the last good release served and names its reason (design §6). Real git,
// real ssh-keygen signatures, local deploy repositories.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCycle, type CycleOptions } from '../../src/sync/cycle.ts';
import { SyncFailure, type FailureReason } from '../../src/sync/failure.ts';
import type { WriteFile } from '../../src/sync/materialize.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { DeployRepo, git, makeKeys, siteFiles, withManifest, type Keys } from './fixtures.ts';

const exec = promisify(execFile);

interface Ctx {
  dir: string;
  repo: DeployRepo;
  keys: Keys;
  options: CycleOptions;
}

interface Fault {
  name: string;
  reason: FailureReason;
  /** What the message must say, where the reason alone does not tell the cases apart. */
  message?: RegExp;
  /** Break something after v1 is served; returns what the next cycle runs with. */
  arrange(ctx: Ctx): Promise<{ options?: Partial<CycleOptions>; write?: WriteFile }>;
}

const faults: Fault[] = [
  {
    name: 'commit signed by an unknown key',
    reason: 'signature-untrusted',
    arrange: async ({ repo, keys }) => (await repo.publish(siteFiles('v2'), { signWith: keys.stranger }), {}),
  },
  {
    name: 'unsigned commit',
    reason: 'signature-missing',
    arrange: async ({ repo }) => (await repo.publish(siteFiles('v2'), { signWith: null }), {}),
  },
  {
    name: 'force-pushed commit that does not descend from the served one',
    reason: 'not-descendant',
    message: /\(not in its history\)/,
    arrange: async ({ repo, keys }) => (await repo.publish(siteFiles('v2'), { signWith: keys.signing, orphan: true, force: true }), {}),
  },
  {
    name: 'a file that does not match the manifest',
    reason: 'manifest-mismatch',
    arrange: async ({ repo, keys }) => {
      const files = siteFiles('v2');
      files['entries/entry-1/index.html'] = `${files['entries/entry-1/index.html']}<!-- altered after the build -->`;
      await repo.publish(files, { signWith: keys.signing });
      return {};
    },
  },
  {
    // Same size, so only the sha256 comparison can tell: the size check passes.
    name: 'a file altered to the same size',
    reason: 'manifest-mismatch',
    arrange: async ({ repo, keys }) => {
      const files = siteFiles('v2');
      const page = files['entries/entry-1/index.html'] as string;
      files['entries/entry-1/index.html'] = page.replace('<h1>Entry 1</h1>', '<h1>Entry 9</h1>');
      assert.equal(Buffer.byteLength(files['entries/entry-1/index.html']), Buffer.byteLength(page));
      await repo.publish(files, { signWith: keys.signing });
      return {};
    },
  },
  {
    name: 'a file the manifest does not list',
    reason: 'manifest-mismatch',
    arrange: async ({ repo, keys }) => (await repo.publish({ ...siteFiles('v2'), 'extra.html': 'smuggled' }, { signWith: keys.signing }), {}),
  },
  {
    name: 'a tree without a manifest',
    reason: 'manifest-invalid',
    arrange: async ({ repo, keys }) => {
      const { ['.galley/manifest.json']: _dropped, ...files } = siteFiles('v2');
      await repo.publish(files, { signWith: keys.signing });
      return {};
    },
  },
  {
    name: 'remote down',
    reason: 'fetch-unreachable',
    arrange: async ({ repo, keys, dir }) => {
      await repo.publish(siteFiles('v2'), { signWith: keys.signing });
      return { options: { repository: `file://${path.join(dir, 'gone.git')}` } };
    },
  },
  {
    name: 'fetch interrupted mid-transfer',
    reason: 'fetch-interrupted',
    arrange: async ({ repo, keys }) => {
      await repo.publish(siteFiles('v2', { randomBytes: 256 * 1024 }), { signWith: keys.signing });
      // An SSH transport whose connection drops after 2 KiB of the pack.
      const ssh = `DROP_AFTER_BYTES=2048 ${process.execPath} ${path.join(import.meta.dirname, 'transport/local-ssh.mjs')}`;
      return { options: { repository: `ssh://deploy.invalid${repo.bare}`, sshCommand: ssh } };
    },
  },
  {
    name: 'destination disk full',
    reason: 'disk-full',
    arrange: async ({ repo, keys }) => {
      await repo.publish(siteFiles('v2', { pages: 20 }), { signWith: keys.signing });
      let writes = 0;
      // No small filesystem needed: the fifth file write fails as a full disk does.
      const write: WriteFile = async (file, bytes) => {
        if (++writes === 5) throw Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), { code: 'ENOSPC', syscall: 'write' });
        await writeFile(file, bytes);
      };
      return { write };
    },
  },
];

async function servedVersion(dest: string): Promise<string> {
  const html = await readFile(path.join(dest, 'current/index.html'), 'utf8');
  return /data-version="([^"]+)"/.exec(html)![1]!;
}

/** true, or why a tmpfs cannot be mounted (not root, no mount permission in this container). */
async function mountTmpfs(dir: string, size: string): Promise<true | string> {
  if (process.getuid?.() !== 0) return 'not root';
  await mkdir(dir, { recursive: true });
  try {
    await exec('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
    return true;
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error).trim();
  }
}

async function setup(): Promise<Ctx> {
  const dir = await tempDir('galley-sync-');
  const keys = await makeKeys(path.join(dir, 'keys'));
  const repo = await DeployRepo.create(dir);
  const options: CycleOptions = {
    repository: repo.url,
    ref: 'main',
    dest: path.join(dir, 'srv'),
    allowedSigners: keys.allowedSigners,
    sshCommand: undefined,
    fetchTimeout: 30,
    maxDepth: 64,
    grace: 600,
    keep: 1,
  };
  return { dir, repo, keys, options };
}

describe('sync cycle', () => {
  test('serves a signed release, then its signed descendant, carrying the old hashed assets', async () => {
    const ctx = await setup();
    const v1 = await ctx.repo.publish(siteFiles('v1'), { signWith: ctx.keys.signing });
    const first = await runCycle(ctx.options);
    assert.equal(first.result, 'swapped');
    assert.equal(first.revision, v1);
    assert.equal(first.signature?.principal, 'galley-publish');
    assert.equal(await readlink(path.join(ctx.options.dest, 'current')), path.join('releases', v1));
    assert.equal(await servedVersion(ctx.options.dest), 'v1');
    assert.equal((await runCycle(ctx.options)).result, 'unchanged');

    const v2 = await ctx.repo.publish(siteFiles('v2'), { signWith: ctx.keys.signing });
    const second = await runCycle(ctx.options);
    assert.equal(second.result, 'swapped');
    assert.equal(second.previous, v1);
    assert.equal(await servedVersion(ctx.options.dest), 'v2');
    const assets = await readdir(path.join(ctx.options.dest, 'current/assets'));
    assert.equal(assets.length, 2, `v2 carries v1's stylesheet beside its own: ${assets.join(', ')}`);
    assert.equal(second.carriedAssets, 1);
    assert.deepEqual((await readdir(path.join(ctx.options.dest, 'releases'))).sort(), [v1, v2].sort());
  });

  test('a rollback published as a new commit on top passes the descent check', async () => {
    const ctx = await setup();
    await ctx.repo.publish(siteFiles('v1'), { signWith: ctx.keys.signing });
    await runCycle(ctx.options);
    for (const v of ['v2', 'v3', 'v4']) await ctx.repo.publish(siteFiles(v), { signWith: ctx.keys.signing });
    // Three commits ahead in one cycle: the shallow fetch must deepen to find the served one.
    await runCycle(ctx.options);
    assert.equal(await servedVersion(ctx.options.dest), 'v4');
    await ctx.repo.publish(siteFiles('v1'), { signWith: ctx.keys.signing, message: 'rollback to v1' });
    assert.equal((await runCycle(ctx.options)).result, 'swapped');
    assert.equal(await servedVersion(ctx.options.dest), 'v1');
  });

  for (const fault of faults) {
    test(`keeps the last good release on ${fault.name} (${fault.reason})`, async () => {
      const ctx = await setup();
      const v1 = await ctx.repo.publish(siteFiles('v1'), { signWith: ctx.keys.signing });
      await runCycle(ctx.options);
      const { options, write } = await fault.arrange(ctx);
      await assert.rejects(runCycle({ ...ctx.options, ...options }, { write }), (error: unknown) => {
        assert.ok(error instanceof SyncFailure, String(error));
        assert.equal(error.reason, fault.reason, error.message);
        if (fault.message) assert.match(error.message, fault.message);
        assert.ok(error.hint, 'every failure carries a hint');
        return true;
      });
      assert.equal(await readlink(path.join(ctx.options.dest, 'current')), path.join('releases', v1));
      assert.equal(await servedVersion(ctx.options.dest), 'v1');
      const releases = await readdir(path.join(ctx.options.dest, 'releases'));
      assert.deepEqual(releases, [v1], 'no partial or refused tree is left beside the served one');
    });
  }

  test('keeps the last good release when a real small filesystem fills up (tmpfs)', async (t) => {
    const ctx = await setup();
    const mounted = await mountTmpfs(ctx.options.dest, '1600k');
    if (mounted !== true) return t.skip(`cannot mount a small tmpfs here (${mounted}); the injected ENOSPC case above covers the logic`);
    try {
      const v1 = await ctx.repo.publish(siteFiles('v1'), { signWith: ctx.keys.signing });
      await runCycle(ctx.options);
      // The pack (1 MiB of noise) still fits; a second copy of it in the release does not.
      await ctx.repo.publish(siteFiles('v2', { randomBytes: 1024 * 1024 }), { signWith: ctx.keys.signing });
      await assert.rejects(runCycle(ctx.options), (error: SyncFailure) => (assert.equal(error.reason, 'disk-full', error.message), true));
      assert.equal(await readlink(path.join(ctx.options.dest, 'current')), path.join('releases', v1));
      assert.equal(await servedVersion(ctx.options.dest), 'v1');
      assert.deepEqual(await readdir(path.join(ctx.options.dest, 'releases')), [v1]);
    } finally {
      await exec('umount', [ctx.options.dest]); // before the temp dir is removed
    }
  });

  test('refuses a rollback to an older signed release once the served one is more than --max-depth commits away', async () => {
    const ctx = await setup();
    const released: string[] = [];
    for (const v of ['v1', 'v2', 'v3', 'v4', 'v5']) released.push(await ctx.repo.publish(siteFiles(v), { signWith: ctx.keys.signing }));
    await runCycle(ctx.options);
    assert.equal(await servedVersion(ctx.options.dest), 'v5');
    // v3 is signed and has a history of 3 commits, longer than the 2 the check may search.
    await git(ctx.repo.work, ['push', '--quiet', '--force', 'origin', `${released[2]}:refs/heads/main`]);
    await assert.rejects(runCycle({ ...ctx.options, maxDepth: 2 }), (error: unknown) => {
      assert.ok(error instanceof SyncFailure, String(error));
      assert.equal(error.reason, 'not-descendant', error.message);
      assert.match(error.message, /not within 2 commits/);
      return true;
    });
    assert.equal(await servedVersion(ctx.options.dest), 'v5');
  });

  test('--max-depth is exact: a release 3 commits ahead is found within 4, not within 3', async () => {
    const ctx = await setup();
    await ctx.repo.publish(siteFiles('v1'), { signWith: ctx.keys.signing });
    await runCycle(ctx.options);
    for (const v of ['v2', 'v3', 'v4']) await ctx.repo.publish(siteFiles(v), { signWith: ctx.keys.signing });
    await assert.rejects(runCycle({ ...ctx.options, maxDepth: 3 }), /not within 3 commits/);
    assert.equal(await servedVersion(ctx.options.dest), 'v1');
    assert.equal((await runCycle({ ...ctx.options, maxDepth: 4 })).result, 'swapped');
    assert.equal(await servedVersion(ctx.options.dest), 'v4');
  });

  test('reports every file that does not match the manifest, not only the first', async () => {
    const ctx = await setup();
    const files = siteFiles('v1');
    files['index.html'] = 'altered';
    files['about.html'] = 'altered too';
    await ctx.repo.publish(files, { signWith: ctx.keys.signing });
    await assert.rejects(runCycle(ctx.options), (error: SyncFailure) => {
      assert.equal(error.reason, 'manifest-mismatch');
      assert.equal(error.details.length, 2, error.details.join('\n'));
      return true;
    });
  });

  test('a manifest whose own listing was altered consistently still needs a good signature', async () => {
    const ctx = await setup();
    await ctx.repo.publish(withManifest({ 'index.html': '<p data-version="x">x</p>' }), { signWith: ctx.keys.stranger });
    await assert.rejects(runCycle(ctx.options), { reason: 'signature-untrusted' });
  });
});
