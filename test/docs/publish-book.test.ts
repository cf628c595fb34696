import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { git, publishProject } from '../publish/publish-fixture.ts';
import { runCli } from '../helpers/run-cli.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const repo = path.join(projectRoot, 'test/fixtures/docs/traps/implicit-kustomization/repo');
const fleet = path.join(projectRoot, 'test/fixtures/fleet/mac-studio.json');

describe('galley docs --publish', () => {
  it('sends the book through the deploy repository on its own branch, signed; twice is a no-op', async () => {
    const project = await publishProject('embedded');
    const env = { ...project.env, SOURCE_DATE_EPOCH: '1700000000' };
    const args = ['docs', '--cluster', repo, '--fleet', fleet, '--out', path.join(project.root, 'site-docs'), '--publish'];
    const first = await runCli(args, project.root, env);
    assert.equal(first.code, 0, first.stderr);
    // The book has no served address to prove (served-proof.ts), so it is pushed signed, not tagged.
    assert.match(first.stdout, /known-good tag \(not tagged\)/);
    const files = await git(project.bare, 'ls-tree', '-r', '--name-only', 'docs');
    assert.match(files, /^print\.html$/m);
    assert.match(files, /^fleet\/studio-workstation\.html$/m);
    assert.match(await git(project.bare, 'log', '-1', '--format=%G? %s', 'docs').catch(() => ''), / Publish /);
    const second = await runCli(args, project.root, env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /nothing changed/);
  });
});
