import type { ClusterExpectations } from './expectations.ts';

/** The operator's checklist: which store, which 1Password items and fields, where they land. */
export function formatExpectations(expectations: ClusterExpectations): string {
  const lines: string[] = [];
  for (const store of expectations.stores) {
    lines.push(`${store.id}: provider ${store.provider}${store.vault ? `, 1Password vault \`${store.vault}\`` : ''}`);
    if (store.token) {
      lines.push(`  create by hand: Secret ${store.token.namespace}/${store.token.name} with key \`${store.token.key}\` (the service account token)`);
    }
  }
  if (expectations.stores.length === 0) lines.push('No secret store in the Flux layers.');
  for (const secret of expectations.secrets) {
    const vault = expectations.stores.find((s) => s.id === secret.store)?.vault;
    lines.push('', `Secret ${secret.namespace}/${secret.secretName} from ${secret.externalSecret} via ${secret.store} (${secret.from.join(', ')})`);
    const width = Math.max(...secret.keys.map((k) => k.secretKey.length));
    for (const key of secret.keys) {
      const where = [`item \`${key.item}\``, key.section ? `section \`${key.section}\`` : '', `field \`${key.field}\``].filter(Boolean).join(', ');
      const ref = vault ? `  op://${vault}/${key.item}/${key.section ? `${key.section}/` : ''}${key.field}${key.query ? `?${key.query}` : ''}` : '';
      lines.push(`  ${key.secretKey.padEnd(width)}  <- ${where}${ref}`);
    }
    for (const m of secret.mounts) {
      const mode = m.mode === undefined ? 'default mode' : `mode 0${m.mode.toString(8)}`;
      lines.push(`  mounted at ${m.path} in ${m.workload} container \`${m.container}\`, ${m.readOnly ? 'read-only' : 'WRITABLE'}, ${mode}`);
    }
  }
  if (expectations.secrets.length === 0) lines.push('', 'No ExternalSecret in the overlays.');
  return `${lines.join('\n')}\n`;
}
