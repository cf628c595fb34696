// The podman flags come from the rendered Deployment, so changing a manifest field changes (or
// refuses) the pod the pod test runs: each case below edits one field of the rendering.
import assert from 'node:assert/strict';
import { lstat, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { findKubectl, kustomizeBuild } from '../../src/deploy/kustomize-build.ts';
import { projectRoot } from '../helpers/fixture-project.ts';
import { layOutVolumes } from '../helpers/kubelet-volumes.ts';
import { container, renderedPod, runArgs, type RenderedPod } from '../helpers/pod-spec.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const kubectl = await findKubectl();
const skip = kubectl || process.env.CI === 'true' ? undefined : 'kubectl is not on PATH: cannot render deploy/k8s';
const render = async (): Promise<RenderedPod> => renderedPod(await kustomizeBuild(kubectl!, path.join(projectRoot, 'test/pod/fixtures/overlay')));
const secrets = new Map([['galley-sync', { read_key: 'k', known_hosts: 'h', allowed_signers: 's' }]]);
const at = (volume: string) => `/pod/${volume}`;
const flagsOf = (pod: RenderedPod, name: string) => runArgs(pod, container(pod, name), secrets, at).join(' ');

describe('podman flags from the rendered Deployment', { skip }, () => {
  test('the sidecar as the manifests run it: uid, fsGroup, read-only root, no capabilities, expanded args', async () => {
    const flags = flagsOf(await render(), 'sync');
    for (const expected of [
      '--user 10001:10001', '--group-add 10001', '--passwd=false', '--read-only --read-only-tmpfs=false', '--cap-drop ALL',
      '--security-opt no-new-privileges', '--memory 268435456', '--cpus 1', '--stop-timeout 30',
      '--mount type=bind,src=/pod/sync-secret,dst=/etc/galley/sync,ro', '--mount type=bind,src=/pod/site,dst=/srv/site ',
      'localhost/galley-test/galley:pod sync --repository=ssh://git@git.galley.test:2222/site.git --interval=30s --dest=/srv/site',
    ]) assert.ok(flags.includes(expected), `expected ${expected} in ${flags}`);
    assert.doesNotMatch(flags, /seccomp=/, 'RuntimeDefault is podman\'s own profile');
    assert.doesNotMatch(flags, /\$\(/, 'every $(VAR) is expanded');
    assert.match(flagsOf(await render(), 'nginx'), /--mount type=bind,src=\/pod\/site,dst=\/srv\/site,ro/);
  });

  const cases: { change: string; edit: (c: IContainer, pod: RenderedPod) => void; expect: RegExp; absent?: boolean }[] = [
    { change: 'readOnlyRootFilesystem off', edit: (c) => void (c.securityContext!.readOnlyRootFilesystem = false), expect: /--read-only/, absent: true },
    { change: 'privilege escalation allowed', edit: (c) => void delete c.securityContext!.allowPrivilegeEscalation, expect: /no-new-privileges/, absent: true },
    { change: 'no capability dropped', edit: (c) => void delete c.securityContext!.capabilities, expect: /--cap-drop/, absent: true },
    { change: 'no seccomp profile (the kubelet then runs Unconfined)', edit: (c, pod) => {
      delete c.securityContext!.seccompProfile;
      delete pod.spec.securityContext!.seccompProfile;
    }, expect: /--security-opt seccomp=unconfined/ },
    { change: 'another uid', edit: (c) => void (c.securityContext!.runAsUser = 2000), expect: /--user 2000:10001/ },
    { change: 'an argument with an escaped $$', edit: (c) => void c.args!.push('--note=$$(GALLEY_INTERVAL)'), expect: /--note=\$\(GALLEY_INTERVAL\)/ },
  ];
  for (const { change, edit, expect, absent } of cases) {
    test(change, async () => {
      const pod = await render();
      edit(container(pod, 'sync'), pod);
      const flags = flagsOf(pod, 'sync');
      if (absent) assert.doesNotMatch(flags, expect);
      else assert.match(flags, expect);
    });
  }

  test('what the kubelet would refuse to start is refused', async () => {
    const root = await render();
    container(root, 'sync').securityContext!.runAsUser = 0;
    assert.throws(() => flagsOf(root, 'sync'), /Unexpected runAsNonRoot without a non-zero runAsUser in sync/);
    const renamed = await render();
    container(renamed, 'sync').env![1]!.valueFrom!.configMapKeyRef!.key = 'period';
    assert.throws(() => flagsOf(renamed, 'sync'), /Unexpected missing key period of ConfigMap galley-site-\w+/);
    const sub = await render();
    container(sub, 'sync').volumeMounts![0]!.subPath = 'x';
    assert.throws(() => flagsOf(sub, 'sync'), /Unexpected subPath on site in sync/);
  });
});

const notRoot = process.getuid?.() !== 0 && process.env.CI !== 'true' ? 'not root: the layout chowns files to root:10001' : undefined;
test('volumes laid out as the kubelet does: ..data symlinks, 0440 root:fsGroup secret files, setgid emptyDirs', { skip: skip ?? notRoot }, async () => {
  const dir = await tempDir('galley-kubelet-');
  const volumes = await layOutVolumes(await render(), secrets, dir);
  const secret = volumes.get('sync-secret')!;
  assert.match(await readlink(path.join(secret, '..data')), /^\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d+$/);
  assert.equal(await readlink(path.join(secret, 'read_key')), '..data/read_key');
  const key = await stat(path.join(secret, 'read_key'));
  assert.deepEqual([key.mode & 0o7777, key.uid, key.gid], [0o440, 0, 10001]);
  assert.ok((await lstat(path.join(secret, 'read_key'))).isSymbolicLink());
  const conf = await stat(path.join(volumes.get('nginx-conf')!, 'nginx.conf'));
  assert.deepEqual([conf.mode & 0o7777, conf.gid], [0o644, 10001]);
  const site = await stat(volumes.get('site')!);
  assert.deepEqual([site.mode & 0o7777, site.uid, site.gid], [0o2777, 0, 10001]);
});
