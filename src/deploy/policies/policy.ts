import type { RenderedTarget, TargetRole } from '../load-manifests.ts';
import type { K8sObject } from '../objects.ts';
import type { SourcePlace } from '../source-index.ts';

export interface PolicyContext {
  /** The project root; Flux paths and kustomization files are resolved against it. */
  root: string;
  target: RenderedTarget;
  /** Report a violation about `object` (or about the target as a whole), at `at` when the policy knows better where it is written. */
  report(object: K8sObject | undefined, reason: string, hint: string, at?: SourcePlace): void;
}

/** One rule over rendered manifests; its id is the finding's rule id. */
export interface Policy {
  ruleId: string;
  /** Which rendered targets it reads; a Flux cluster has no pods, an overlay no Flux chain. */
  roles: readonly TargetRole[];
  check(context: PolicyContext): void | Promise<void>;
}
