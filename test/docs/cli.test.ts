import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { writePages } from '../../src/docs/write-pages.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { gitCheckout, readTree } from './corpus-helpers.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const traps = path.resolve(import.meta.dirname, '../fixtures/docs/traps');
const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };

// Strings the fixtures plant in Helm values, ExternalSecret templates and item keys, source
// addresses and a SOPS payload: none may reach a page.
const FORBIDDEN = [
  'must-never-appear-in-output', 'item-path-must-never-appear', '{{ .password }}', 'example.org',
  'https://', 'oci://', 'ENC[', 'Zm9yIHRoZSB0ZXN0', 'age1notareal', 'inside-a-block-scalar', 'encrypted-release',
];

describe('galley docs', () => {
  for (const name of readdirSync(traps).sort()) {
    it(`${name}: exit 0 and no value, template, address or SOPS payload in the pages`, async () => {
      const out = path.join(await tempDir(), 'out');
      const result = await runCli(['docs', '--markdown', '--cluster', path.join(traps, name, 'repo'), '--out', out], projectRoot, env);
      assert.equal(result.code, 0, result.stderr);
      const text = [...(await readTree(out)).values()].join('\n');
      for (const s of FORBIDDEN) assert.ok(!text.includes(s), `${s} reached the output`);
    });
  }

  it('reports a broken document as a warning at file:line, relative to the working directory', async () => {
    const out = path.join(await tempDir(), 'out');
    const result = await runCli(['docs', '--markdown', '--cluster', path.join(traps, 'block-scalars', 'repo'), '--out', out], projectRoot, env);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /^test\/fixtures\/docs\/traps\/block-scalars\/repo\/apps\/broken\.yaml:12:1 {2}warning .* docs-yaml-invalid$/m);
  });

  it('is deterministic for the same input and SOURCE_DATE_EPOCH', async () => {
    const dir = await tempDir();
    const repo = path.join(traps, 'two-clusters', 'repo');
    await runCli(['docs', '--markdown', '--cluster', repo, '--out', path.join(dir, 'a')], projectRoot, env);
    await runCli(['docs', '--markdown', '--cluster', repo, '--out', path.join(dir, 'b')], projectRoot, env);
    assert.deepEqual(await readTree(path.join(dir, 'a')), await readTree(path.join(dir, 'b')));
  });

  it('stamps every page with the branch and commit of a git checkout', async () => {
    const dir = await tempDir();
    const repo = path.join(dir, 'gitops');
    const sha = await gitCheckout(path.join(traps, 'implicit-kustomization', 'repo'), repo);
    const out = path.join(dir, 'out');
    assert.equal((await runCli(['docs', '--markdown', '--cluster', repo, '--out', out], projectRoot, env)).code, 0);
    const page = await readFile(path.join(out, 'cluster', 'home', 'layer-1.md'), 'utf8');
    assert.ok(page.includes(`> generated from trunk @ ${sha}; 2023-11-14`), page);
  });

  it('takes explicit roots, relative to the repository', async () => {
    const out = path.join(await tempDir(), 'out');
    const repo = path.join(traps, 'two-clusters', 'repo');
    const result = await runCli(['docs', '--markdown', '--cluster', repo, '--root', 'clusters/red/infra.yaml', '--out', out], projectRoot, env);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((await readdir(path.join(out, 'cluster'))).sort(), ['index.md', 'red']);
  });

  const usage: [string, string[]][] = [
    ['without --cluster', ['docs']],
    ['with a missing --cluster', ['docs', '--cluster', 'no/such/dir']],
    ['with a root outside the repository', ['docs', '--cluster', path.join(traps, 'two-clusters', 'repo'), '--root', path.join(traps, 'var-fanout', 'repo', 'clusters')]],
    ['with a repository without a cluster root', ['docs', '--cluster', path.join(traps, 'two-clusters', 'repo', 'apps', 'base')]],
    ['with an unknown format', ['docs', '--cluster', traps, '--format', 'xml']],
  ];
  for (const [label, args] of usage) {
    it(`exits 2 ${label}, with a hint`, async () => {
      const result = await runCli(args, projectRoot, env);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /hint: /);
    });
  }
});

describe('galley docs leak gate', () => {
  it('exits 1 and writes nothing when a page would carry a private address', async () => {
    const dir = await tempDir();
    const repo = path.join(dir, 'gitops');
    await mkdir(path.join(repo, 'clusters', 'home'), { recursive: true });
    await mkdir(path.join(repo, 'apps'));
    await writeFile(path.join(repo, 'clusters', 'home', 'apps.yaml'), [
      'apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata: {name: apps, namespace: flux-system}',
      'spec: {path: ./apps, sourceRef: {kind: GitRepository, name: flux-system}}', '',
    ].join('\n'));
    // A release named after the host it fronts: the name itself is an internal address.
    await writeFile(path.join(repo, 'apps', 'release.yaml'), [
      'apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata: {name: nas-192.168.40.20, namespace: media}',
      'spec: {chart: {spec: {chart: nas, version: 1.0.0, sourceRef: {kind: HelmRepository, name: charts}}}}', '',
    ].join('\n'));
    const out = path.join(dir, 'out');
    const result = await runCli(['docs', '--markdown', '--cluster', repo, '--out', out], projectRoot, env);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /leak-/);
    assert.ok(!result.stderr.includes('192.168.40.20'), 'the finding prints the address');
    assert.ok(!existsSync(out), 'something was written');
    assert.deepEqual(await readdir(dir), ['gitops']);
  });
});

describe('writePages', () => {
  it('writes nothing and keeps the previous output when the gate finds an error', async () => {
    const dir = await tempDir();
    const out = path.join(dir, 'docs-out');
    await mkdir(out);
    await writeFile(path.join(out, 'old.md'), 'previous\n');
    const findings = await writePages([{ path: 'cluster/index.md', markdown: '# new\n' }], out, async () => [
      { file: 'cluster/index.md', line: 1, column: 1, ruleId: 'leak-test', severity: 'error', message: 'Unexpected test' },
    ]);
    assert.equal(findings.length, 1);
    assert.deepEqual(await readdir(out), ['old.md']);
    assert.deepEqual((await readdir(dir)).sort(), ['docs-out']);
  });

  it('swaps the staged tree in when the gate passes', async () => {
    const dir = await tempDir();
    const out = path.join(dir, 'docs-out');
    await mkdir(out);
    await writeFile(path.join(out, 'old.md'), 'previous\n');
    assert.deepEqual(await writePages([{ path: 'cluster/index.md', markdown: '# new\n' }], out, async () => []), []);
    assert.ok(!existsSync(path.join(out, 'old.md')));
    assert.deepEqual((await readdir(dir)).sort(), ['docs-out']);
  });
});
