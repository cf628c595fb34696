// The pod's volumes on the host as the kubelet lays them out: emptyDirs group-owned by fsGroup
// (setgid), and Secret and ConfigMap volumes through its atomic writer — each key a symlink into
// `..data`, itself a symlink to a timestamped directory — with defaultMode plus group read when
// fsGroup is set (0400 → 0440 root:fsGroup, which is what the sidecar's OpenSSH must accept).
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { RenderedPod, Secrets } from './pod-spec.ts';

/** Each pod volume's directory under `podDir`, by volume name. */
export async function layOutVolumes(pod: RenderedPod, secrets: Secrets, podDir: string): Promise<Map<string, string>> {
  const fsGroup = pod.spec.securityContext?.fsGroup;
  const dirs = new Map<string, string>();
  for (const volume of pod.spec.volumes ?? []) {
    const dir = path.join(podDir, 'volumes', volume.name);
    await mkdir(dir, { recursive: true });
    const files = projected(volume, pod, secrets);
    if (files) await atomicWriterLayout(dir, files.data, files.mode, fsGroup);
    else if (volume.emptyDir) await owned(dir, 0o777, fsGroup, true);
    else throw new Error(`Unexpected volume ${volume.name}, expected emptyDir, secret or configMap (the pod test supports those)`);
    dirs.set(volume.name, dir);
  }
  return dirs;
}

function projected(volume: IVolume, pod: RenderedPod, secrets: Secrets): { data: Record<string, string>; mode: number } | undefined {
  const source = volume.secret
    ? { kind: 'Secret', name: volume.secret.secretName, store: secrets, mode: volume.secret.defaultMode, items: volume.secret.items }
    : volume.configMap
      ? { kind: 'ConfigMap', name: volume.configMap.name, store: pod.configMaps, mode: volume.configMap.defaultMode, items: volume.configMap.items }
      : undefined;
  if (!source) return undefined;
  const data = source.store.get(source.name ?? '');
  if (!data) throw new Error(`Unexpected missing ${source.kind} ${source.name} for volume ${volume.name}, expected the test to provide it (the pod would not start)`);
  if (source.items?.length) throw new Error(`Unexpected items in volume ${volume.name}, expected every key (the pod test supports that)`);
  return { data, mode: source.mode ?? 0o644 };
}

/** Write `data` as the kubelet's atomic writer does; on an existing volume, swap `..data` to it by rename. */
async function atomicWriterLayout(dir: string, data: Record<string, string>, mode: number, fsGroup: number | undefined): Promise<void> {
  const [date, time] = new Date().toISOString().replace('Z', '').split('T') as [string, string];
  const stamp = `..${date.replace(/-/g, '_')}_${time.replace(/:/g, '_')}${process.hrtime()[1]}`;
  await mkdir(path.join(dir, stamp));
  for (const [key, value] of Object.entries(data)) {
    const file = path.join(dir, stamp, key);
    await writeFile(file, value);
    await owned(file, fsGroup === undefined ? mode : mode | 0o440, fsGroup, false);
  }
  await owned(path.join(dir, stamp), 0o750, fsGroup, true);
  const previous = await readlink(path.join(dir, '..data')).catch(() => undefined);
  await symlink(stamp, path.join(dir, '..data_tmp'));
  await rename(path.join(dir, '..data_tmp'), path.join(dir, '..data'));
  for (const key of Object.keys(data)) {
    if (!existsSync(path.join(dir, key))) await symlink(path.join('..data', key), path.join(dir, key));
  }
  if (previous) await rm(path.join(dir, previous), { recursive: true });
  else await owned(dir, 0o750, fsGroup, true);
}

/** A Secret changed in the cluster: the kubelet rewrites the mounted volume in place, atomically. */
export async function updateSecretVolume(pod: RenderedPod, volume: string, dir: string, data: Record<string, string>): Promise<void> {
  const source = pod.spec.volumes?.find((v) => v.name === volume)?.secret;
  if (!source) throw new Error(`Unexpected volume ${volume}, expected a Secret volume`);
  await atomicWriterLayout(dir, data, source.defaultMode ?? 0o644, pod.spec.securityContext?.fsGroup);
}

/** root-owned, group fsGroup (setgid on directories, as the kubelet's volume ownership does). */
async function owned(file: string, mode: number, fsGroup: number | undefined, directory: boolean): Promise<void> {
  await chown(file, 0, fsGroup ?? 0);
  await chmod(file, directory && fsGroup !== undefined ? mode | 0o2000 : mode);
}
