import path from 'node:path';
import type { ExternalSecretInfo } from './model.ts';
import type { PendingHelmRelease } from './recognize.ts';

/**
 * Which HelmReleases of one Kustomization each ExternalSecret belongs to, in the namespace it is
 * in: the releases whose values or valuesFrom name its Secret; else the one whose name it carries
 * (`app`, `app-db`); else those declared in its directory; else the only release there is. An
 * ExternalSecret of none of them (a shared credential) is left for the Kustomization to list.
 */
export function ownersOf(secret: ExternalSecretInfo, releases: readonly PendingHelmRelease[]): PendingHelmRelease[] {
  const local = releases.filter((r) => r.namespace === secret.namespace);
  const reading = local.filter((r) => r.mentions.has(secret.target));
  if (reading.length > 0) return reading;
  const named = local
    .filter((r) => secret.target === r.name || secret.target.startsWith(`${r.name}-`))
    .sort((a, b) => b.name.length - a.name.length);
  if (named.length > 0) return [named[0]!];
  const dir = path.posix.dirname(secret.origin.file);
  const beside = local.filter((r) => path.posix.dirname(r.origin.file) === dir);
  if (beside.length > 0) return beside;
  return local.length === 1 ? local : [];
}

/** `Kind/name` of the stores of `secrets`, sorted, each once. */
export function storeNames(secrets: readonly ExternalSecretInfo[]): string[] {
  return [...new Set(secrets.flatMap((e) => e.stores.map((s) => `${s.kind}/${s.name}`)))].sort();
}
