import { asArray, dig, isRecord, objectId, type K8sObject } from '../objects.ts';
import { podSpecs } from '../pod-specs.ts';
import type { Policy } from './policy.ts';

/** Which namespace may reach which named port: readers through the tunnel, metrics from Prometheus. */
export const ALLOWED_INGRESS: Record<string, readonly string[]> = { http: ['cloudflared'], metrics: ['monitoring'] };
/** Egress the sidecar needs: DNS, and SSH to the git host. */
export const ALLOWED_EGRESS = ['UDP/53', 'TCP/53', 'TCP/22'];

export const networkPolicy: Policy = {
  ruleId: 'deploy-network-policy',
  roles: ['overlay', 'flux-layer'],
  check({ target, report }) {
    const policies = target.objects.filter((o) => o.kind === 'NetworkPolicy');
    for (const { object } of podSpecs(target.objects)) {
      const labels = dig(object, 'spec', 'template', 'metadata', 'labels') ?? dig(object, 'metadata', 'labels');
      const covering = policies.filter((p) => p.metadata.namespace === object.metadata.namespace && selects(dig(p, 'spec', 'podSelector'), labels));
      const types = new Set(covering.flatMap((p) => asArray(dig(p, 'spec', 'policyTypes'))));
      if (!types.has('Ingress') || !types.has('Egress')) {
        report(object, `Unexpected pods of ${objectId(object)} without a NetworkPolicy for both ingress and egress`, 'select the pods with a NetworkPolicy whose policyTypes are [Ingress, Egress]');
      }
    }
    for (const policy of policies) checkRules(policy, report);
  },
};

function checkRules(policy: K8sObject, report: (o: K8sObject, reason: string, hint: string) => void): void {
  const id = objectId(policy);
  for (const rule of asArray(dig(policy, 'spec', 'ingress'))) {
    const ports = asArray(dig(rule, 'ports')).map((p) => String(dig(p, 'port')));
    const peers = asArray(dig(rule, 'from'));
    if (ports.length === 0 || peers.length === 0) {
      report(policy, `Unexpected ingress rule in ${id} open to every port or every source`, 'name the port and the namespace allowed in');
      continue;
    }
    for (const port of ports) {
      const allowed = ALLOWED_INGRESS[port] ?? [];
      for (const peer of peers) {
        const namespace = dig(peer, 'namespaceSelector', 'matchLabels', 'kubernetes.io/metadata.name');
        if (typeof namespace !== 'string' || !allowed.includes(namespace) || dig(peer, 'ipBlock') !== undefined) {
          report(policy, `Unexpected ingress to port \`${port}\` in ${id} from ${describePeer(peer)}, expected only from namespace ${allowed.join(' or ') || '(none)'}`, 'readers come through the tunnel; nothing else may reach the pod');
        }
      }
    }
  }
  for (const rule of asArray(dig(policy, 'spec', 'egress'))) {
    const ports = asArray(dig(rule, 'ports')).map((p) => `${String(dig(p, 'protocol') ?? 'TCP')}/${String(dig(p, 'port'))}`);
    const stray = ports.filter((p) => !ALLOWED_EGRESS.includes(p));
    if (ports.length === 0 || stray.length > 0) {
      report(policy, `Unexpected egress in ${id} to ${ports.length === 0 ? 'every port' : stray.join(', ')}, expected only ${ALLOWED_EGRESS.join(', ')}`, 'the pod needs DNS and the git host\'s SSH port, nothing more');
    }
  }
}

function selects(selector: unknown, labels: unknown): boolean {
  const wanted = dig(selector, 'matchLabels');
  if (!isRecord(wanted)) return isRecord(selector) && Object.keys(selector).length === 0;
  return isRecord(labels) && Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

function describePeer(peer: unknown): string {
  if (dig(peer, 'ipBlock') !== undefined) return `address block ${String(dig(peer, 'ipBlock', 'cidr'))}`;
  const ns = dig(peer, 'namespaceSelector', 'matchLabels', 'kubernetes.io/metadata.name');
  return typeof ns === 'string' ? `namespace ${ns}` : 'any namespace';
}
