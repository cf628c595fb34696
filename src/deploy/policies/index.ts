import { containerSecurity, probes } from './container-security.ts';
import { fluxChain } from './flux-chain.ts';
import { imagePinned } from './image-pinned.ts';
import { networkPolicy } from './network-policy.ts';
import { noInlineSecret } from './no-inline-secret.ts';
import { noWriteKey } from './no-write-key.ts';
import type { Policy } from './policy.ts';
import { secretMounts } from './secret-mounts.ts';
import { sourcesInRoot } from './sources-in-root.ts';
import { syncOptions, syncRuntimeNeeds } from './sync-options.ts';

// Every rule `galley doctor --cluster` and the tests hold the rendered manifests to.
export const policies: readonly Policy[] = [
  noWriteKey,
  noInlineSecret,
  secretMounts,
  containerSecurity,
  probes,
  imagePinned,
  networkPolicy,
  fluxChain,
  sourcesInRoot,
  syncOptions,
  syncRuntimeNeeds,
];
