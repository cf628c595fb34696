// The pod as a cluster runs it: deploy/k8s rendered by kubectl with a test overlay, the
// project's Containerfile built unmodified on a Debian stand-in for its base image, and each
// container of the Deployment started in podman with the flags its spec implies (pod-spec.ts), the
// secret laid out as the kubelet does and no passwd entry injected. Two replicas behind one loopback
// address take a real `galley publish` from the embedded SSH server; faults keep the last release served.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config/load-config.ts';
import { findKubectl, kustomizeBuild } from '../../src/deploy/kustomize-build.ts';
import { embeddedReposDir, startEmbeddedServer } from '../../src/publish/git-server/embedded-server.ts';
import { publicKeyOf } from '../../src/publish/keys/fingerprint.ts';
import { publishContext } from '../../src/publish/publish-context.ts';
import { fixtureProject, projectRoot } from '../helpers/fixture-project.ts';
import { buildPodImages } from '../helpers/pod-images.ts';
import { createPodNetwork, forwardTcp, startPod, type RunningPod } from '../helpers/pod-run.ts';
import { container, renderedPod, type Secrets } from '../helpers/pod-spec.ts';
import { podSkipReason } from '../helpers/podman.ts';
import { runCli } from '../helpers/run-cli.ts';
import { commitProject, serviceAddress } from '../helpers/served-chain.ts';

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
  const address = await serviceAddress(pods.map((p) => p.url));
  const revisionAt = async (url: string) => (await fetch(`${url}/`)).headers.get('x-galley-revision');
  const bare = path.join(embeddedReposDir(root), 'site.git');
  const git = async (...args: string[]) => (await run('git', args, { cwd: bare })).stdout.trim();
  const statusAgrees = async (): Promise<void> => {
    const status = await runCli(['status', '--format', 'json', '--confirm-url', address], root, env);
    assert.equal(status.code, 0, status.stdout + status.stderr);
    const report = JSON.parse(status.stdout);
    const head = await git('rev-parse', 'main');
    assert.deepEqual([report.deployed.revision, report.served.revision, report.knownGood.revision], [head, head, head]);
  };
  const edit = async (from: string, to: string): Promise<void> => {
    const entry = path.join(root, 'content/entries/base.md');
    await writeFile(entry, (await readFile(entry, 'utf8')).replace(from, to));
    await run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-am', to], { cwd: root });
  };

  // The release both pods took at start is proven at the one address and tagged.
  const v1 = await git('rev-parse', 'main');
  assert.deepEqual([await revisionAt(a.url), await revisionAt(b.url)], [v1, v1]);
  const proven = await publish('--confirm-url', address);
  assert.equal(proven.code, 0, proven.stderr);
  assert.match(proven.stdout, /known-good tag release\/dev\//);
  await statusAgrees();

  // A new release: pushed, pulled by both pods at the signed sync request through nginx, proven, tagged.
  const timed = async (change: string, ...args: string[]): Promise<{ revision: string; seconds: string }> => {
    await edit(change, `${change} Again.`);
    const pushed = Date.now();
    const published = await publish('--confirm-url', address, ...args);
    assert.equal(published.code, 0, published.stderr);
    const revision = await git('rev-parse', 'main');
    const tag = await git('tag', '--points-at', revision);
    assert.match(tag, /^release\/dev\//);
    await statusAgrees();
    // The signed deploy commit is made right before the push; the tag once both pods serve it.
    const committedToTagged = Number(await git('for-each-ref', '--format=%(taggerdate:unix)', `refs/tags/${tag}`)) - Number(await git('log', '-1', '--format=%ct', revision));
    return { revision, seconds: `${seconds(pushed)} s, of which commit to tag ${committedToTagged} s` };
  };
  const asked = await timed('More text.');
  t.diagnostic(`publish to tagged with the sync request (build, push, sync now, proof): ${asked.seconds}`);
  const v2 = asked.revision;

  // SIGTERM (the kubelet's stop): the sidecar ends with exit 0 within the grace period.
  assert.equal(await b.stop('sync'), 0, await b.logs('sync'));
  // One replica held back: the other serving the revision is not enough to tag it.
  await edit('A doubt.', 'A doubt, held back.');
  const partial = await publish('--confirm-url', address, '--confirm-timeout', '10');
  assert.equal(partial.code, 3, partial.stderr);
  assert.match(partial.stderr, /still serving the previous revision/);
  const v3 = await git('rev-parse', 'main');
  await a.waitFor(async () => (await revisionAt(a.url)) === v3, 60);
  assert.equal(await revisionAt(b.url), v2);
  assert.equal(await git('tag', '--points-at', v3), '');
  // Its sidecar back: it syncs at start, and the same publish tags.
  await b.replace('sync', pod);
  await b.ready('sync', 60);
  const both = await publish('--confirm-url', address);
  assert.equal(both.code, 0, both.stderr);
  assert.match(await git('tag', '--points-at', v3), /^release\/dev\//);
  await statusAgrees();

  // Without the sync request the pods take it on their own poll (the base ConfigMap's 30s).
  const polled = await timed('A doubt, held back.', '--no-sync-request');
  t.diagnostic(`publish to tagged without it (the poll): ${polled.seconds}`);
  const v4 = polled.revision;

  // A bad ConfigMap value: the sidecar says so in one line and exits 2; nginx keeps serving.
  await a.replace('sync', await render('bad-interval'));
  assert.equal(await a.exited('sync'), 2);
  const named = (await a.logs('sync')).split('\n').filter((line) => line.includes('3O'));
  assert.equal(named.length, 1, named.join('\n'));
  assert.match(named[0]!, /Unexpected --interval value `3O`, expected a duration/);
  assert.equal(await revisionAt(a.url), v4);

  // The read key rotated to one the server does not know: each fetch fails on one line saying why.
  const wrongKey = path.join(root, 'wrong_read_key');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrongKey]);
  await a.updateSecret('sync-secret', await secretData(wrongKey));
  await a.replace('sync', pod);
  const failure = await a.waitFor(async () => (await a.logs('sync')).split('\n').find((line) => line.includes('"result":"failed"')), 60);
  const event = JSON.parse(failure);
  assert.equal(event.reason, 'fetch-auth', failure);
  assert.match(event.message, /Permission denied/i);
  assert.equal(await revisionAt(a.url), v4);
  assert.equal(await a.stop('sync'), 0);

  t.diagnostic(`total ${seconds(started)} s`);
});
