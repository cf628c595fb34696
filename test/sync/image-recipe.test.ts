// The sidecar image's recipe: the build context podman sends holds the bundle alone (never the keys
// under .galley/), and the bundle says which galley and which commit it was made from.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { bundleSidecar } from '../../scripts/bundle-sidecar.ts';
import { GENERATOR_VERSION } from '../../src/version.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const exec = promisify(execFile);
const root = path.join(import.meta.dirname, '../..');
const hasPodman = spawnSync('podman', ['--version']).status === 0;
const podmanSkip = hasPodman || process.env.CI === 'true' ? false : 'podman is not installed';

/** A project tree with what must never reach the builder, and the bundle that must. */
const tree: Record<string, string> = {
  'dist/galley-sync.mjs': 'the bundle',
  'dist/other.mjs': 'another build output',
  '.galley/keys/write_key': 'write key',
  '.galley/keys/signing_key': 'signing key',
  '.galley/dev/remote/site.git/HEAD': 'ref: refs/heads/main',
  'node_modules/zod/index.js': 'dependency',
  'site/index.html': 'built site',
  '.git/HEAD': 'ref: refs/heads/main',
  'test/artifacts/trace.zip': 'test artifact',
  'src/index.ts': 'source',
  'deploy/sidecar/Containerfile': 'recipe',
};

describe('the sidecar build context', { skip: podmanSkip }, () => {
  test('.containerignore and .dockerignore say the same', async () => {
    assert.equal(await readFile(path.join(root, '.dockerignore'), 'utf8'), await readFile(path.join(root, '.containerignore'), 'utf8'));
  });

  for (const ignoreFile of ['.containerignore', '.dockerignore']) {
    test(`with ${ignoreFile} alone, podman sends the bundle and nothing else`, { timeout: 120_000 }, async () => {
      const dir = await tempDir('galley-context-');
      const context = path.join(dir, 'project');
      for (const [rel, text] of Object.entries(tree)) {
        await mkdir(path.dirname(path.join(context, rel)), { recursive: true });
        await writeFile(path.join(context, rel), text);
      }
      await copyFile(path.join(root, ignoreFile), path.join(context, ignoreFile));
      // What the context holds is what `COPY . /ctx` copies: the same context the Containerfile gets.
      const probe = path.join(dir, 'Probe');
      await writeFile(probe, 'FROM scratch\nCOPY . /ctx\n');
      const podman = async (...args: string[]) =>
        (await exec('podman', ['--root', path.join(dir, 'storage'), '--runroot', path.join(dir, 'run'), ...args], { maxBuffer: 16 * 1024 * 1024 })).stdout.trim();
      const image = await podman('build', '--quiet', '--pull=never', '-f', probe, context);
      const container = await podman('create', image, '/none');
      await podman('export', '--output', path.join(dir, 'ctx.tar'), container);
      const { stdout } = await exec('tar', ['-tf', path.join(dir, 'ctx.tar')]);
      const files = stdout.split('\n').filter((name) => name.startsWith('ctx/') && !name.endsWith('/'));
      assert.deepEqual(files, ['ctx/dist/galley-sync.mjs']);
    });
  }
});

describe('galley sync --version', () => {
  test('the bundle names the galley version and the commit it was made from', { timeout: 60_000 }, async () => {
    const dir = await tempDir('galley-sync-version-');
    const bundle = await bundleSidecar(path.join(dir, 'galley-sync.mjs'));
    const { stdout } = await exec(process.execPath, [bundle, '--version']);
    const head = (await exec('git', ['rev-parse', 'HEAD'], { cwd: root })).stdout.trim();
    assert.match(stdout, new RegExp(`^galley sync ${GENERATOR_VERSION.replace(/\./g, '\\.')} \\(bundled from ${head}( with uncommitted changes)?\\)\\n$`));
  });

  test('run from source, it says so', async () => {
    const result = await runCli(['sync', '--version'], root, {});
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `galley sync ${GENERATOR_VERSION} (run from source)\n`);
  });
});
