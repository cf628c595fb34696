import { isRecord, objectId } from '../objects.ts';
import type { Policy } from './policy.ts';

// The cluster reads the deploy repository and nothing more (design §6: three keys, never
// overlapping). Any mention of the other two keys in a rendered object is a leak of intent.
const forbidden = /(write|push|publish|sign(ing)?)[-_ ]?(key|identity)|signingkey|gpg\.ssh|id_(rsa|ed25519|ecdsa)_(write|sign)/i;

export const noWriteKey: Policy = {
  ruleId: 'deploy-write-key',
  roles: ['overlay', 'flux-cluster', 'flux-layer'],
  check({ target, report }) {
    for (const object of target.objects) {
      for (const text of strings(object)) {
        const match = forbidden.exec(text);
        if (!match) continue;
        report(
          object,
          `Unexpected reference to a write or signing key (\`${match[0]}\`) in ${objectId(object)}, expected only the read key`,
          'the cluster pulls with the read key; the write and signing keys stay with `galley publish`',
        );
        break;
      }
    }
  },
};

/** Every key and string value of a JSON-like value, depth first. */
function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* strings(item);
  else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      yield key;
      yield* strings(item);
    }
  }
}
