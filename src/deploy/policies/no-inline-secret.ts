import { objectId } from '../objects.ts';
import type { Policy } from './policy.ts';

// Secret values live in 1Password and arrive through an ExternalSecret; a Secret object in git
// is a secret in git (or a placeholder someone will fill in there).
export const noInlineSecret: Policy = {
  ruleId: 'deploy-inline-secret',
  roles: ['overlay', 'flux-cluster', 'flux-layer'],
  check({ target, report }) {
    for (const object of target.objects) {
      if (object.apiVersion !== 'v1' || object.kind !== 'Secret') continue;
      report(object, `Unexpected Secret ${objectId(object)} in the manifests, expected an ExternalSecret`, 'store the value in 1Password and reference it from an ExternalSecret');
    }
  },
};
