// One replica of the rendered Deployment in podman: a holder of the pod's network namespace (the
// kubelet's pause container; there is no pause image without a registry, so `sleep` from the
// minbase image), then each container from the spec joined to it, over the kubelet's volume layout.
import net from 'node:net';
import { after } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { layOutVolumes, updateSecretVolume } from './kubelet-volumes.ts';
import { podman, podmanResult } from './podman.ts';
import { container, gracePeriod, probeTarget, runArgs, type RenderedPod, type Secrets } from './pod-spec.ts';
import { tempDir } from './temp-dir.ts';

export interface PodNetwork {
  name: string;
  /** The host's address on the network: what the pod reaches host services at. */
  gateway: string;
}

/** A bridge network of the test's own, removed when the test file ends. */
export async function createPodNetwork(): Promise<PodNetwork> {
  const name = `galley-pod-${process.pid}`;
  await podman('network', 'create', name);
  // Hooks run in the order they were registered, so this one comes before the pods' own: remove
  // the pods on the network first (each pause container with the containers joined to it).
  after(async () => {
    const holders = (await podmanResult('ps', '-a', '--filter', `network=${name}`, '--format', '{{.Names}}')).stdout.split('\n').filter(Boolean);
    if (holders.length > 0) await podmanResult('rm', '--force', '--time', '0', '--depend', ...holders);
    await podmanResult('network', 'rm', '--force', '--time', '0', name);
  });
  const [info] = JSON.parse(await podman('network', 'inspect', name)) as { subnets: { gateway: string }[] }[];
  return { name, gateway: info!.subnets[0]!.gateway };
}

/** Forward `host:port` (on the pod network) to a loopback port: the git host as the pod sees it. */
export async function forwardTcp(host: string, port: number, toPort: number): Promise<void> {
  const server = net.createServer((socket) => {
    const upstream = net.connect(toPort, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    const close = (): void => void (socket.destroy(), upstream.destroy());
    socket.on('error', close);
    upstream.on('error', close);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  after(() => new Promise((resolve) => server.close(resolve)));
}

export interface RunningPod {
  name: string;
  ip: string;
  /** nginx's address on the pod network, from its `http` containerPort. */
  url: string;
  /** Both streams of a container's log. */
  logs(name: string): Promise<string>;
  /** Replace one container by its version in `rendering` (same pod, same volumes), as a restart with a new spec. */
  replace(name: string, rendering: RenderedPod): Promise<void>;
  /** Swap a Secret volume's contents the way the kubelet updates it: a new timestamped dir, `..data` renamed. */
  updateSecret(volume: string, data: Record<string, string>): Promise<void>;
  /** The kubelet's stop: the image's stop signal, SIGKILL after the grace period; the exit code. */
  stop(name: string): Promise<number>;
  /** The exit code, once the container has exited. */
  exited(name: string): Promise<number>;
  /** Poll `check` until it returns something truthy (every 200 ms, up to `timeoutSeconds`). */
  waitFor<T>(check: () => Promise<T | undefined | false>, timeoutSeconds: number): Promise<T>;
  /** Wait until the container's readiness probe passes; throws with its log if it exits first. */
  ready(name: string, timeoutSeconds: number): Promise<void>;
}

export interface PodOptions {
  name: string;
  network: PodNetwork;
  /** An image with `sleep` to hold the network namespace. */
  pauseImage: string;
  secrets: Secrets;
  /** /etc/hosts entries (the pod's hostAliases). */
  hosts: Record<string, string>;
  /** Called once the pod's network exists, before its containers start. */
  onNetwork?: () => Promise<void>;
}

export async function startPod(pod: RenderedPod, options: PodOptions): Promise<RunningPod> {
  const podDir = await tempDir(`galley-${options.name}-`);
  const volumes = await layOutVolumes(pod, options.secrets, podDir);
  const volumePath = (name: string): string => {
    const dir = volumes.get(name);
    if (!dir) throw new Error(`Unexpected volumeMount ${name}, expected one of the pod's volumes`);
    return dir;
  };
  // The process id keeps two runs on one cache apart.
  const nameOf = (c: string): string => `${options.name}-${process.pid}-${c}`;
  const pause = nameOf('pause');
  after(() => podmanResult('rm', '--force', '--time', '0', '--depend', pause));
  await podman('run', '-d', '--pull=never', '--name', pause, '--network', options.network.name, '--hostname', options.name,
    ...Object.entries(options.hosts).flatMap(([host, ip]) => ['--add-host', `${host}:${ip}`]),
    '--user', '65535:65535', '--passwd=false', '--read-only', '--read-only-tmpfs=false', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
    options.pauseImage, 'sleep', 'infinity');
  await options.onNetwork?.();
  const runContainer = async (rendering: RenderedPod, name: string): Promise<void> => {
    await podman('run', '-d', '--pull=never', '--name', nameOf(name), '--network', `container:${pause}`, '--uts', `container:${pause}`, '--ipc', `container:${pause}`, ...runArgs(rendering, container(rendering, name), options.secrets, volumePath));
  };
  for (const c of pod.spec.containers) await runContainer(pod, c.name);
  const [inspected] = JSON.parse(await podman('inspect', pause)) as { NetworkSettings: { Networks: Record<string, { IPAddress: string }> } }[];
  const ip = inspected!.NetworkSettings.Networks[options.network.name]!.IPAddress;
  const http = pod.spec.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === 'http');
  if (!http) throw new Error('Unexpected pod without an `http` containerPort, expected nginx on one');

  const logs = async (name: string): Promise<string> => {
    const result = await podmanResult('logs', nameOf(name));
    return result.stdout + result.stderr;
  };
  return {
    name: options.name,
    ip,
    url: `http://${ip}:${http.containerPort}`,
    logs,
    async replace(name, rendering) {
      await podman('rm', '--force', '--time', String(gracePeriod(pod)), nameOf(name));
      await runContainer(rendering, name);
    },
    async updateSecret(volume, data) {
      await updateSecretVolume(pod, volume, volumePath(volume), data);
    },
    async stop(name) {
      await podman('stop', '--time', String(gracePeriod(pod)), nameOf(name));
      return Number(await podman('inspect', '--format', '{{.State.ExitCode}}', nameOf(name)));
    },
    async exited(name) {
      return Number(await podman('wait', nameOf(name)));
    },
    async waitFor(check, timeoutSeconds) {
      const deadline = Date.now() + timeoutSeconds * 1000;
      for (;;) {
        const value = await check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`Unexpected ${options.name} still not there after ${timeoutSeconds} s; its sync log:\n${await logs('sync')}`);
        await sleep(200);
      }
    },
    async ready(name, timeoutSeconds) {
      const probe = container(pod, name).readinessProbe;
      if (!probe) return;
      const target = probeTarget(container(pod, name), probe);
      const deadline = Date.now() + timeoutSeconds * 1000;
      for (;;) {
        if (await probeOnce(ip, target)) return;
        const state = await podman('inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', nameOf(name));
        if (!state.startsWith('running') || Date.now() > deadline) {
          throw new Error(`Unexpected ${nameOf(name)} not ready (${state}), expected its readiness probe to pass; its log:\n${await logs(name)}`);
        }
        await sleep(200);
      }
    },
  };
}

async function probeOnce(ip: string, target: ReturnType<typeof probeTarget>): Promise<boolean> {
  if (target.kind === 'http') {
    try {
      const answer = await fetch(`http://${ip}:${target.port}${target.path}`, { signal: AbortSignal.timeout(1000) });
      return answer.status >= 200 && answer.status < 400;
    } catch {
      return false;
    }
  }
  return new Promise((resolve) => {
    const socket = net.connect(target.port, ip, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
