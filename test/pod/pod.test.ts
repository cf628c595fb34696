// The pod as a cluster runs it (issue 27): deploy/k8s rendered by kubectl with a test overlay, the
// project's Containerfile built unmodified on a Debian stand-in for its base image, and each
// container of the Deployment started in podman with the flags its spec implies (pod-spec.ts), the
// secret laid out as the kubelet does and no passwd entry injected. Two replicas behind one loopback
// address take a real `galley publish` from the embedded SSH server; faults keep the last release served.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load-config.ts';
import { findKubectl, kustomizeBuild } from '../../src/deploy/kustomize-build.ts';
import { startEmbeddedServer } from '../../src/publish/git-server/embedded-server.ts';
import { publicKeyOf } from '../../src/publish/keys/fingerprint.ts';
import { publishContext } from '../../src/publish/publish-context.ts';
import { fixtureProject, projectRoot } from '../helpers/fixture-project.ts';
import { buildPodImages } from '../helpers/pod-images.ts';
import { createPodNetwork, forwardTcp, startPod, type RunningPod } from '../helpers/pod-run.ts';
import { container, renderedPod, type Secrets } from '../helpers/pod-spec.ts';
import { podSkipReason } from '../helpers/podman.ts';
import { runCli } from '../helpers/run-cli.ts';
import { commitProject, roundRobin } from '../helpers/served-chain.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const kubectl = await findKubectl();
const skip = podSkipReason() ?? (kubectl || process.env.CI === 'true' ? undefined : 'kubectl is not on PATH: cannot render deploy/k8s');
const FIXTURES = path.join(projectRoot, 'test/pod/fixtures');
// The test overlay's deploy repository: this name and port, on the pod network's gateway.
const GIT_HOST = 'git.galley.test';
const GIT_PORT = 2222;

const seconds = (since: number): string => ((Date.now() - since) / 1000).toFixed(1);

test('the rendered pod serves what galley publish pushed, on both replicas; faults keep the last release served', { skip, timeout: 900_000 }, async (t) => {
  const started = Date.now();
  const render = async (overlay: string) => renderedPod(await kustomizeBuild(kubectl!, path.join(FIXTURES, overlay)));
  const pod = await render('overlay');
  const times = await buildPodImages({ galley: container(pod, 'sync').image!, nginx: container(pod, 'nginx').image! });
  t.diagnostic(`images: rootfs ${times.rootfs.toFixed(1)} s, base images ${times.baseImages.toFixed(1)} s, sidecar ${times.sidecar.toFixed(1)} s`);

  // The publisher's side: a committed project, its keys, the embedded SSH server on loopback.
  const root = await fixtureProject();
  await writeFile(path.join(root, 'site.config.ts'), 'export default { publish: { confirm: { replicas: 2 } } };\n');
  assert.equal((await runCli(['keys', 'init'], root)).code, 0);
  const { config } = await loadConfig(root);
  const ctx = publishContext(root, config, {});
  const server = await startEmbeddedServer(ctx, { port: 0 });
  t.after(() => server.close());
  await commitProject(root);
  const env = { ...process.env, GALLEY_REMOTE: `ssh://git@127.0.0.1:${server.port}/site.git` };
  const publish = (...args: string[]) => runCli(['publish', ...args], root, env);
  const first = await publish('--no-confirm');
  assert.equal(first.code, 0, first.stderr);

  // What the ExternalSecret would have made: the read key, the git host pinned under the name the
  // pod uses, the allowed signers.
  const hostKey = (await publicKeyOf(ctx.keys.hostKey)).line;
  const secretData = async (readKey: string): Promise<Record<string, string>> => ({
    read_key: await readFile(readKey, 'utf8'),
    known_hosts: `[${GIT_HOST}]:${GIT_PORT} ${hostKey}\n`,
    allowed_signers: await readFile(ctx.keys.allowedSigners, 'utf8'),
  });
  const secrets: Secrets = new Map([['galley-sync', await secretData(ctx.keys.read)]]);

  const network = await createPodNetwork();
  const podUp = Date.now();
  const pods: RunningPod[] = [];
  for (const name of ['galley-a', 'galley-b']) {
    pods.push(await startPod(pod, {
      name, network, secrets, pauseImage: times.pauseImage, hosts: { [GIT_HOST]: network.gateway },
      // The bridge has its address once the first container joined it.
      onNetwork: pods.length === 0 ? () => forwardTcp(network.gateway, GIT_PORT, server.port) : undefined,
    }));
  }
  for (const replica of pods) {
    await replica.ready('sync', 120);
    await replica.ready('nginx', 30);
  }
  t.diagnostic(`two pods up to their first release served in ${seconds(podUp)} s`);
  const [a, b] = pods as [RunningPod, RunningPod];
  const address = await roundRobin(pods.map((p) => p.url));
  // ...
  t.diagnostic(`total ${seconds(started)} s`);
  void a;
  void b;
  void address;
  void run;
});
