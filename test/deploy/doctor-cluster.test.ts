import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { doctorCluster } from '../../src/deploy/doctor-cluster.ts';
import { ExitCode, GalleyError } from '../../src/report/galley-error.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { projectRoot, skipReason } from './rendered.ts';

function capture(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk, _enc, done) {
      stream.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}

/** A copy of the project's deploy/ with one file edited (the edit must change it); the original text too. */
async function editedDeploy(file: string, edit: (text: string) => string): Promise<{ root: string; text: string; edited: string }> {
  const root = await tempDir();
  await cp(path.join(projectRoot, 'deploy'), path.join(root, 'deploy'), { recursive: true });
  const text = await readFile(path.join(root, file), 'utf8');
  const edited = edit(text);
  assert.notEqual(edited, text, `the edit changes ${file}`);
  await writeFile(path.join(root, file), edited);
  return { root, text, edited };
}

async function run(root: string, env: NodeJS.ProcessEnv = process.env) {
  const stdout = capture();
  const stderr = capture();
  const code = await doctorCluster(root, { stdout, stderr, cwd: root, env, interactive: false });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

test('doctor --cluster lists the store, items and fields, and finds nothing wrong', { skip: skipReason }, async () => {
  const { code, stdout, stderr } = await run(projectRoot);
  assert.equal(stderr, '');
  assert.equal(code, ExitCode.ok);
  assert.match(stdout, /ClusterSecretStore\/onepassword-galley: provider onepasswordSDK, 1Password vault `galley`/);
  assert.match(stdout, /allowed_signers +<- item `galley-sync-allowed-signers`, field `notesPlain`/);
  assert.match(stdout, /mounted at \/etc\/galley\/sync in Deployment\/galley\/galley container `sync`, read-only, mode 0400/);
  assert.match(stdout, /Sidecar `sync` of Deployment\/galley\/galley needs of the runtime:\n  uid 10001, gid 10001: any uid works, no passwd entry needed/);
  assert.match(stdout, /the secret at \/etc\/galley\/sync readable through group 10001 \(fsGroup\)/);
});

// The base ConfigMap's interval reaches the sidecar as `--interval=$(GALLEY_INTERVAL)`: doctor runs
// it through the sidecar's own parser, so it accepts what the sidecar accepts and refuses the rest.
const intervals: Array<[string, RegExp | undefined]> = [
  ['1m30s', undefined],
  ['45', undefined],
  ['3O', /Unexpected --interval value `3O`, expected a duration such as 30s in container `sync` of Deployment\/galley\/galley, from key `interval` of ConfigMap galley-site/],
  ['-30s', /Unexpected --interval value `-30s`, expected a positive duration up to 596h/],
];
for (const [interval, refused] of intervals) {
  test(`doctor --cluster with interval=${interval} in the base ConfigMap: ${refused ? 'refused' : 'accepted'}`, { skip: skipReason }, async () => {
    const { root, text } = await editedDeploy('deploy/k8s/base/kustomization.yaml', (t) => t.replace(/- interval=30s\n/, `- interval=${interval}\n`));
    const { code, stderr } = await run(root);
    if (!refused) {
      assert.equal(stderr, '');
      assert.equal(code, ExitCode.ok);
      return;
    }
    assert.equal(code, ExitCode.findings);
    assert.match(stderr, refused);
    assert.match(stderr, /deploy-sync-option/);
    assert.match(stderr, /hint: set `interval=` in the configMapGenerator `galley-site`/);
    // At the literal in the base, which both overlays render: said once, there.
    const line = text.split('\n').findIndex((l) => l.includes('- interval=30s')) + 1;
    const column = text.split('\n')[line - 1]!.indexOf('interval=') + 1;
    assert.match(stderr, new RegExp(`^deploy/k8s/base/kustomization\\.yaml:${line}:${column}  error  `, 'm'));
    assert.equal(stderr.match(/deploy-sync-option/g)?.length, 1, stderr);
  });
}

test('doctor --cluster places a policy violation at the source line and exits 1', { skip: skipReason }, async () => {
  const { root, text } = await editedDeploy('deploy/k8s/base/deployment.yaml', (t) => t.replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false'));
  const { code, stderr } = await run(root);
  assert.equal(code, ExitCode.findings);
  const line = text.split('\n').findIndex((l) => l.startsWith('apiVersion:')) + 1;
  assert.match(stderr, new RegExp(`deploy/k8s/base/deployment.yaml:${line}:1  error  Unexpected container \`nginx\` of Deployment/galley/galley without readOnlyRootFilesystem: true .*deploy-security-context`));
  assert.match(stderr, /hint: set `securityContext.readOnlyRootFilesystem: true`/);
  assert.equal((stderr.match(/readOnlyRootFilesystem: true \(/g) ?? []).length, 1, 'said once for the base both overlays share');
});

test('doctor --cluster without kubectl stops with exit 3 and says what to install', async () => {
  await assert.rejects(run(projectRoot, { PATH: '' }), (error: unknown) => {
    assert.ok(error instanceof GalleyError);
    assert.equal(error.exitCode, ExitCode.io);
    assert.equal(error.ruleId, 'deploy-kubectl-missing');
    assert.match(error.hint ?? '', /install kubectl/);
    return true;
  });
});

test('doctor --cluster places an overlay own bad interval at its literal, for that overlay alone', { skip: skipReason }, async () => {
  const { root, edited } = await editedDeploy('deploy/k8s/overlays/staging/kustomization.yaml', (t) =>
    t.replace('      - hostname=staging.site.example.org\n', '      - hostname=staging.site.example.org\n      - interval=soon\n'),
  );
  const { code, stderr } = await run(root);
  assert.equal(code, ExitCode.findings);
  const line = edited.split('\n').findIndex((l) => l.includes('- interval=soon')) + 1;
  assert.match(stderr, new RegExp(`^deploy/k8s/overlays/staging/kustomization\\.yaml:${line}:9  error  Unexpected --interval value \`soon\`, expected a duration such as 30s .*\\(rendered from deploy/k8s/overlays/staging\\)  deploy-sync-option$`, 'm'));
  assert.equal(stderr.match(/deploy-sync-option/g)?.length, 1, 'production keeps the base interval');
});
