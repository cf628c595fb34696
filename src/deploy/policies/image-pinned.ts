import { dig, objectId } from '../objects.ts';
import { containers } from '../pod-specs.ts';
import type { Policy } from './policy.ts';

const digest = /@sha256:[0-9a-f]{64}$/;
// An exact version: three numeric parts, optionally a suffix (`1.29.3-alpine`, `v0.1.0`).
const exactTag = /^v?\d+\.\d+\.\d+(?:[-+._][0-9A-Za-z.+_-]+)?$/;

/** True when the reference names one image for good: a digest, or an exact version tag. */
export function isPinnedImage(image: string): boolean {
  if (digest.test(image)) return true;
  // The tag follows the last `:` of the last path segment (a registry may carry a port).
  const name = image.slice(image.lastIndexOf('/') + 1);
  const colon = name.lastIndexOf(':');
  return colon !== -1 && exactTag.test(name.slice(colon + 1));
}

export const imagePinned: Policy = {
  ruleId: 'deploy-image-pinned',
  roles: ['overlay', 'flux-layer'],
  check({ target, report }) {
    for (const { object, container, name } of containers(target.objects)) {
      const image = String(dig(container, 'image') ?? '');
      if (isPinnedImage(image)) continue;
      report(
        object,
        `Unexpected image \`${image}\` of container \`${name}\` in ${objectId(object)}, expected a digest or an exact version tag`,
        'set `images:` in the overlay with `newTag: X.Y.Z` or `digest: sha256:...`',
      );
    }
  },
};
