import { asArray, dig, isRecord, objectId } from './objects.ts';
import type { ContainerRef } from './pod-specs.ts';

/** What the sidecar image needs of the runtime, as the rendered pod gives it. */
export interface SyncRuntime {
  workload: string;
  container: string;
  uid?: number;
  gid?: number;
  fsGroup?: number;
  readOnlyRoot: boolean;
  /** The volume mounted writable at /tmp: HOME, and the passwd entry ssh gets through nss_wrapper. */
  tmpVolume?: string;
  /** The secret volumes the container mounts, with their defaultMode. */
  secrets: { volume: string; path: string; mode?: number }[];
}

export function syncRuntime({ object, spec, container, name }: ContainerRef): SyncRuntime {
  const own = (field: string) => dig(container, 'securityContext', field) ?? dig(spec, 'securityContext', field);
  const num = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const volumes = new Map(asArray(spec.volumes).filter(isRecord).map((v) => [String(v.name), v]));
  const mounts = asArray(container.volumeMounts).filter(isRecord);
  const tmp = mounts.find((m) => m.mountPath === '/tmp' && m.readOnly !== true);
  return {
    workload: objectId(object),
    container: name,
    uid: num(own('runAsUser')),
    gid: num(own('runAsGroup')),
    fsGroup: num(dig(spec, 'securityContext', 'fsGroup')),
    readOnlyRoot: dig(container, 'securityContext', 'readOnlyRootFilesystem') === true,
    tmpVolume: tmp ? String(tmp.name) : undefined,
    secrets: mounts.flatMap((m) => {
      const secret = dig(volumes.get(String(m.name)), 'secret');
      return isRecord(secret) ? [{ volume: String(m.name), path: String(m.mountPath), mode: num(secret.defaultMode) }] : [];
    }),
  };
}

/** The operator's lines: which uid and group the image runs as, and what it needs for them. */
export function formatSyncRuntime(runtime: SyncRuntime): string {
  const lines = [`Sidecar \`${runtime.container}\` of ${runtime.workload} needs of the runtime:`];
  lines.push(
    `  uid ${runtime.uid ?? "the image's 10001"}, gid ${runtime.gid ?? "the image's 10001"}: any uid works, no passwd entry needed (the sidecar gives ssh one through nss_wrapper)`,
  );
  lines.push(runtime.tmpVolume ? `  a writable /tmp (volume \`${runtime.tmpVolume}\`): HOME and that passwd entry` : '  a writable /tmp: none is mounted');
  for (const secret of runtime.secrets) {
    const mode = secret.mode === undefined ? 'the default mode' : `mode 0${secret.mode.toString(8)}`;
    lines.push(
      runtime.fsGroup === undefined
        ? `  the secret at ${secret.path} readable by its uid: no fsGroup, so ${mode} files stay root's`
        : `  the secret at ${secret.path} readable through group ${runtime.fsGroup} (fsGroup): ${mode} shows up with group read, owned by root`,
    );
  }
  return `${lines.join('\n')}\n`;
}
