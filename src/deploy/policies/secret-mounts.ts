import { asArray, dig, isRecord, objectId } from '../objects.ts';
import { podSpecs } from '../pod-specs.ts';
import type { Policy } from './policy.ts';

const MODE = 0o400;

// Secrets reach the pod as files only: mode 0400, mounted read-only; never as environment
// variables (those show up in `kubectl describe`, crash dumps and child processes).
export const secretMounts: Policy = {
  ruleId: 'deploy-secret-mount',
  roles: ['overlay', 'flux-layer'],
  check({ target, report }) {
    for (const { object, spec } of podSpecs(target.objects)) {
      const secretVolumes = new Set<string>();
      for (const volume of asArray(spec.volumes)) {
        if (!isRecord(volume) || !isSecretVolume(volume)) continue;
        const name = String(volume.name);
        secretVolumes.add(name);
        const mode = dig(volume, 'secret', 'defaultMode') ?? dig(volume, 'projected', 'defaultMode');
        if (mode !== MODE) {
          report(object, `Unexpected mode ${formatMode(mode)} of secret volume \`${name}\` in ${objectId(object)}, expected 0400`, 'set `defaultMode: 0400` on the volume');
        }
        for (const item of [...asArray(dig(volume, 'secret', 'items')), ...projectedItems(volume)]) {
          const itemMode = dig(item, 'mode');
          if (itemMode !== undefined && itemMode !== MODE) {
            report(object, `Unexpected mode ${formatMode(itemMode)} of an item of secret volume \`${name}\` in ${objectId(object)}, expected 0400`, 'drop the per-item `mode` or set it to 0400');
          }
        }
      }
      for (const container of [...asArray(spec.initContainers), ...asArray(spec.containers)]) {
        const cname = String(dig(container, 'name'));
        for (const mount of asArray(dig(container, 'volumeMounts'))) {
          const volume = String(dig(mount, 'name'));
          if (secretVolumes.has(volume) && dig(mount, 'readOnly') !== true) {
            report(object, `Unexpected writable mount of secret volume \`${volume}\` in container \`${cname}\` of ${objectId(object)}, expected readOnly`, 'add `readOnly: true` to the volumeMount');
          }
        }
        const fromEnv = [...asArray(dig(container, 'env')).map((e) => dig(e, 'valueFrom', 'secretKeyRef')), ...asArray(dig(container, 'envFrom')).map((e) => dig(e, 'secretRef'))];
        if (fromEnv.some((ref) => ref !== undefined)) {
          report(object, `Unexpected secret in the environment of container \`${cname}\` of ${objectId(object)}, expected a read-only file`, 'mount the secret as a volume with mode 0400 instead');
        }
      }
    }
  },
};

function isSecretVolume(volume: Record<string, unknown>): boolean {
  return isRecord(volume.secret) || projectedItems(volume).length > 0 || asArray(dig(volume, 'projected', 'sources')).some((s) => isRecord(dig(s, 'secret')));
}

function projectedItems(volume: Record<string, unknown>): unknown[] {
  return asArray(dig(volume, 'projected', 'sources')).flatMap((s) => asArray(dig(s, 'secret', 'items')));
}

function formatMode(mode: unknown): string {
  return typeof mode === 'number' ? `0${mode.toString(8)}` : 'unset (0644)';
}
