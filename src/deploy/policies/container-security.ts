import { asArray, dig, objectId } from '../objects.ts';
import { containers, podSpecs } from '../pod-specs.ts';
import type { Policy } from './policy.ts';

// The restricted Pod Security profile and then some: a read-only root filesystem too.
// Each entry: what must hold of a container (its own securityContext, else the pod's).
const requirements: { field: string; holds: (c: Record<string, unknown>, pod: Record<string, unknown>) => boolean; hint: string }[] = [
  {
    field: 'runAsNonRoot: true',
    holds: (c, pod) => (dig(c, 'securityContext', 'runAsNonRoot') ?? dig(pod, 'securityContext', 'runAsNonRoot')) === true && dig(c, 'securityContext', 'runAsUser') !== 0,
    hint: 'set `securityContext.runAsNonRoot: true` and a non-zero runAsUser',
  },
  {
    field: 'readOnlyRootFilesystem: true',
    holds: (c) => dig(c, 'securityContext', 'readOnlyRootFilesystem') === true,
    hint: 'set `securityContext.readOnlyRootFilesystem: true`; give writable paths an emptyDir',
  },
  {
    field: 'allowPrivilegeEscalation: false',
    holds: (c) => dig(c, 'securityContext', 'allowPrivilegeEscalation') === false && dig(c, 'securityContext', 'privileged') !== true,
    hint: 'set `securityContext.allowPrivilegeEscalation: false`',
  },
  {
    field: 'capabilities.drop: [ALL]',
    holds: (c) => asArray(dig(c, 'securityContext', 'capabilities', 'drop')).includes('ALL') && asArray(dig(c, 'securityContext', 'capabilities', 'add')).length === 0,
    hint: 'set `securityContext.capabilities.drop: [ALL]` and add none back',
  },
  {
    field: 'seccompProfile.type: RuntimeDefault',
    holds: (c, pod) => (dig(c, 'securityContext', 'seccompProfile', 'type') ?? dig(pod, 'securityContext', 'seccompProfile', 'type')) === 'RuntimeDefault',
    hint: 'set `securityContext.seccompProfile.type: RuntimeDefault`',
  },
  {
    field: 'resources.requests and resources.limits (cpu, memory)',
    holds: (c) => ['requests', 'limits'].every((k) => ['cpu', 'memory'].every((r) => dig(c, 'resources', k, r) !== undefined)),
    hint: 'set cpu and memory requests and limits so the scheduler and the OOM killer know the container',
  },
];

export const containerSecurity: Policy = {
  ruleId: 'deploy-security-context',
  roles: ['overlay', 'flux-layer'],
  check({ target, report }) {
    for (const { object, spec, container, name } of containers(target.objects)) {
      for (const requirement of requirements) {
        if (requirement.holds(container, spec)) continue;
        report(object, `Unexpected container \`${name}\` of ${objectId(object)} without ${requirement.field}`, requirement.hint);
      }
    }
  },
};

// Only long-running containers are probed; init containers run to completion.
export const probes: Policy = {
  ruleId: 'deploy-probes',
  roles: ['overlay', 'flux-layer'],
  check({ target, report }) {
    for (const { object, spec } of podSpecs(target.objects)) {
      for (const container of asArray(spec.containers)) {
        for (const probe of ['readinessProbe', 'livenessProbe']) {
          if (dig(container, probe) !== undefined) continue;
          report(object, `Unexpected container \`${String(dig(container, 'name'))}\` of ${objectId(object)} without a ${probe}`, 'probe the container so a stuck process is restarted and taken out of the Service');
        }
      }
    }
  },
};
