// A rendered Deployment's pod as podman flags, field by field the way the kubelet and containerd
// apply them, so a manifest change that would break the pod in a cluster breaks the pod test.
// `podman kube play` is no substitute: 4.3 leaves `$(VAR)` unexpanded, writes Secret data still
// base64-encoded, ignores defaultMode and fsGroup, and publishes every containerPort on the host.
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { K8sObject } from '../../src/deploy/objects.ts';
import { expandVars, type EnvValue } from '../../src/deploy/sync-container.ts';

/** The Deployment of a rendered kustomization and the ConfigMaps it can read. */
export interface RenderedPod {
  deployment: IDeployment;
  spec: IPodSpec;
  configMaps: Map<string, Record<string, string>>;
}

export function renderedPod(objects: readonly K8sObject[]): RenderedPod {
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  if (deployments.length !== 1) throw new Error(`Unexpected ${deployments.length} Deployments in the rendering, expected one`);
  const deployment = deployments[0] as unknown as IDeployment;
  const spec = deployment.spec?.template.spec;
  if (!spec) throw new Error('Unexpected Deployment without spec.template.spec');
  const configMaps = new Map<string, Record<string, string>>();
  for (const object of objects) {
    if (object.kind === 'ConfigMap') configMaps.set(object.metadata.name, (object as unknown as IConfigMap).data ?? {});
  }
  return { deployment, spec, configMaps };
}

/** What the kubelet would need from the cluster: Secrets by name (the ExternalSecret's result). */
export type Secrets = Map<string, Record<string, string>>;

export function container(pod: RenderedPod, name: string): IContainer {
  const found = pod.spec.containers.find((c) => c.name === name);
  if (!found) throw new Error(`Unexpected container ${name}, expected one of ${pod.spec.containers.map((c) => c.name).join(', ')}`);
  return found;
}

/** The container's environment in the kubelet's order, each value's `$(VAR)` expanded from earlier ones. */
export function containerEnv(pod: RenderedPod, c: IContainer, secrets: Secrets): Map<string, EnvValue> {
  const env = new Map<string, EnvValue>();
  for (const variable of c.env ?? []) {
    const from = variable.valueFrom;
    let value: string | undefined;
    if (!from) value = expandVars(variable.value ?? '', env).text;
    else if (from.configMapKeyRef) value = keyOf(pod.configMaps, 'ConfigMap', from.configMapKeyRef.name, from.configMapKeyRef.key, from.configMapKeyRef.optional);
    else if (from.secretKeyRef) value = keyOf(secrets, 'Secret', from.secretKeyRef.name, from.secretKeyRef.key, from.secretKeyRef.optional);
    else throw new Error(`Unexpected valueFrom of ${variable.name} in ${c.name}, expected configMapKeyRef or secretKeyRef (the pod test supports those)`);
    if (value !== undefined) env.set(variable.name, { value });
  }
  if (c.envFrom?.length) throw new Error(`Unexpected envFrom in ${c.name}, expected env entries (the pod test supports those)`);
  return env;
}

function keyOf(store: Map<string, Record<string, string>>, kind: string, name: string | undefined, key: string, optional?: boolean): string | undefined {
  const value = store.get(name ?? '')?.[key];
  // The kubelet refuses to start such a container (CreateContainerConfigError).
  if (value === undefined && !optional) throw new Error(`Unexpected missing key ${key} of ${kind} ${name}, expected it to exist (the container would not start)`);
  return value;
}

/** The effective security context: the container's fields over the pod's. */
function securityOf(spec: IPodSpec, c: IContainer): ISecurityContext {
  const pod = spec.securityContext ?? {};
  const own = c.securityContext ?? {};
  return {
    runAsUser: own.runAsUser ?? pod.runAsUser,
    runAsGroup: own.runAsGroup ?? pod.runAsGroup,
    runAsNonRoot: own.runAsNonRoot ?? pod.runAsNonRoot,
    seccompProfile: own.seccompProfile ?? pod.seccompProfile,
    readOnlyRootFilesystem: own.readOnlyRootFilesystem,
    allowPrivilegeEscalation: own.allowPrivilegeEscalation,
    capabilities: own.capabilities,
    privileged: own.privileged,
  };
}

/** user, groups, root filesystem, capabilities, privilege escalation and seccomp as podman flags. */
export function securityFlags(spec: IPodSpec, c: IContainer): string[] {
  const sc = securityOf(spec, c);
  const flags: string[] = [];
  if (sc.runAsNonRoot && (sc.runAsUser === undefined || sc.runAsUser === 0)) {
    throw new Error(`Unexpected runAsNonRoot without a non-zero runAsUser in ${c.name}, expected a uid the kubelet can check`);
  }
  if (sc.runAsUser !== undefined) flags.push('--user', sc.runAsGroup === undefined ? `${sc.runAsUser}` : `${sc.runAsUser}:${sc.runAsGroup}`);
  const groups = [spec.securityContext?.fsGroup, ...(spec.securityContext?.supplementalGroups ?? [])].filter((g) => g !== undefined);
  for (const group of groups) flags.push('--group-add', String(group));
  // containerd adds no passwd entry for the uid; podman does unless told not to.
  flags.push('--passwd=false');
  // Without --read-only-tmpfs=false podman mounts writable tmpfs on /tmp, /run and /var/tmp.
  if (sc.readOnlyRootFilesystem) flags.push('--read-only', '--read-only-tmpfs=false');
  if (sc.privileged) flags.push('--privileged');
  for (const cap of sc.capabilities?.drop ?? []) flags.push('--cap-drop', cap);
  for (const cap of sc.capabilities?.add ?? []) flags.push('--cap-add', cap);
  if (sc.allowPrivilegeEscalation === false) flags.push('--security-opt', 'no-new-privileges');
  // The kubelet's default when no profile is set is Unconfined; RuntimeDefault is podman's own profile.
  const seccomp = sc.seccompProfile;
  if (!seccomp || seccomp.type === 'Unconfined') flags.push('--security-opt', 'seccomp=unconfined');
  else if (seccomp.type === 'Localhost') flags.push('--security-opt', `seccomp=${seccomp.localhostProfile}`);
  return flags;
}

/** memory and cpu limits (requests only schedule). */
export function limitFlags(c: IContainer): string[] {
  const limits = c.resources?.limits ?? {};
  const flags: string[] = [];
  if (limits.memory !== undefined) flags.push('--memory', String(quantity(String(limits.memory))));
  if (limits.cpu !== undefined) flags.push('--cpus', String(quantity(String(limits.cpu))));
  return flags;
}

const SUFFIXES: Record<string, number> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };
function quantity(text: string): number {
  const match = /^([0-9.]+)(m|k|M|G|Ki|Mi|Gi|)$/.exec(text);
  if (!match) throw new Error(`Unexpected quantity \`${text}\`, expected a number with m, k, M, G, Ki, Mi or Gi`);
  return Number(match[1]) * SUFFIXES[match[2]!]!;
}

/** `--mount` flags for the container's volumeMounts, given where each pod volume lives on the host. */
export function mountFlags(c: IContainer, volumePath: (volume: string) => string): string[] {
  return (c.volumeMounts ?? []).flatMap((mount) => {
    if (mount.subPath || mount.subPathExpr) throw new Error(`Unexpected subPath on ${mount.name} in ${c.name}, expected whole-volume mounts (the pod test supports those)`);
    return ['--mount', `type=bind,src=${volumePath(mount.name)},dst=${mount.mountPath}${mount.readOnly ? ',ro' : ''}`];
  });
}

/** `podman run` arguments after the flags the runner adds (name, network): the container as the kubelet starts it. */
export function runArgs(pod: RenderedPod, c: IContainer, secrets: Secrets, volumePath: (volume: string) => string): string[] {
  const env = containerEnv(pod, c, secrets);
  const flags = [...securityFlags(pod.spec, c), ...limitFlags(c), ...mountFlags(c, volumePath)];
  for (const [name, { value }] of env) flags.push('--env', `${name}=${value}`);
  if (c.workingDir) flags.push('--workdir', c.workingDir);
  flags.push('--stop-timeout', String(gracePeriod(pod)));
  if (c.command) flags.push('--entrypoint', JSON.stringify(c.command.map((a) => expandVars(a, env).text)));
  if (!c.image) throw new Error(`Unexpected container ${c.name} without an image`);
  return [...flags, c.image, ...(c.args ?? []).map((a) => expandVars(a, env).text)];
}

/** The kubelet's grace period: the pod's terminationGracePeriodSeconds, 30 s when unset. */
export function gracePeriod(pod: RenderedPod): number {
  return pod.spec.terminationGracePeriodSeconds ?? 30;
}

export type ProbeTarget = { kind: 'http'; port: number; path: string } | { kind: 'tcp'; port: number };

/** Where a probe knocks, its named port resolved against the container's ports. */
export function probeTarget(c: IContainer, probe: IProbe): ProbeTarget {
  const port = (value: number | string): number => {
    if (typeof value === 'number') return value;
    const named = c.ports?.find((p) => p.name === value);
    if (!named) throw new Error(`Unexpected probe port ${value} in ${c.name}, expected a named containerPort`);
    return named.containerPort;
  };
  if (probe.httpGet) return { kind: 'http', port: port(probe.httpGet.port), path: probe.httpGet.path ?? '/' };
  if (probe.tcpSocket) return { kind: 'tcp', port: port(probe.tcpSocket.port) };
  throw new Error(`Unexpected probe in ${c.name}, expected httpGet or tcpSocket`);
}
