import { z } from 'zod';

// The cluster chapter's model: what the docs surface may say about a cluster. It holds roles,
// names and versions only; no Helm values, no secret item keys, no URLs (design §8).

/** Where an object was declared: repository-relative file and 1-based line. */
export const originSchema = z.object({ file: z.string(), line: z.number().int().nonnegative() });
export type Origin = z.infer<typeof originSchema>;

export const objectRefSchema = z.object({ kind: z.string(), name: z.string(), namespace: z.string() });
export type ObjectRef = z.infer<typeof objectRefSchema>;

export const secretStoreRefSchema = z.object({ kind: z.string(), name: z.string() });
export type SecretStoreRef = z.infer<typeof secretStoreRefSchema>;

export const helmReleaseSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  apiVersion: z.string(),
  /** Chart name (`chart.spec.chart`, the HelmChart's chart, or the OCI artifact's last segment). */
  chart: z.string(),
  /** Version or constraint as declared; `*` when none is pinned. */
  version: z.string(),
  /** `Kind/name` of the chart's source object, never its address. */
  source: z.string(),
  /** `chart.spec` or `chartRef`. */
  via: z.enum(['chart.spec', 'chartRef', 'none']),
  origin: originSchema,
});
export type HelmReleaseInfo = z.infer<typeof helmReleaseSchema>;

export const sourceSchema = z.object({
  kind: z.enum(['HelmRepository', 'OCIRepository', 'GitRepository', 'HelmChart']),
  name: z.string(),
  namespace: z.string(),
  /** HelmRepository `type` (default/oci), OCIRepository `ref` kind; never the URL. */
  detail: z.string(),
  origin: originSchema,
});
export type SourceInfo = z.infer<typeof sourceSchema>;

export const externalSecretSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  /** The Secret it writes (`spec.target.name`, else its own name): how an app refers to it. */
  target: z.string(),
  stores: z.array(secretStoreRefSchema),
  /** `namespace/name` of the HelmReleases it is for (app-secrets.ts); empty for a shared one. */
  apps: z.array(z.string()),
  origin: originSchema,
});
export type ExternalSecretInfo = z.infer<typeof externalSecretSchema>;

export const secretStoreSchema = z.object({
  kind: z.enum(['ClusterSecretStore', 'SecretStore']),
  name: z.string(),
  namespace: z.string(),
  provider: z.string(),
  origin: originSchema,
});
export type SecretStoreInfo = z.infer<typeof secretStoreSchema>;

/**
 * A Flux Operator ResourceSet by what it generates: the kinds of its resource templates, counted,
 * and how many inputs it has or which providers give them. Never the inputs' values (they hold
 * tenants' addresses, tags and repository URLs) nor the templates' fields.
 */
export const resourceSetSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  /** Inline `spec.inputs` entries (each one renders every template once). */
  inputs: z.number().int().nonnegative(),
  /** `Kind/name` of the `spec.inputsFrom` providers. */
  inputsFrom: z.array(z.string()),
  /** Resource templates per kind, in first-seen order; a kind that is itself templated reads `templated`. */
  generates: z.array(z.object({ kind: z.string(), count: z.number().int().positive() })),
  origin: originSchema,
});
export type ResourceSetInfo = z.infer<typeof resourceSetSchema>;

export const fluxKustomizationSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  /** Repository-relative directory that was built, or the declared path when not followed. */
  path: z.string(),
  source: z.string(),
  dependsOn: z.array(z.object({ name: z.string(), namespace: z.string() })),
  interval: z.string().optional(),
  prune: z.boolean().optional(),
  wait: z.boolean().optional(),
  /** The Kustomization that applies this one; undefined for a cluster root. */
  parent: z.string().optional(),
  /** Why the path was not walked (external source, missing directory), when it was not. */
  notFollowed: z.string().optional(),
  helmReleases: z.array(helmReleaseSchema),
  /** Namespaces its objects are in (sorted). */
  namespaces: z.array(z.string()),
  /** Namespaces it creates: its `Namespace` objects (sorted). */
  createdNamespaces: z.array(z.string()),
  externalSecrets: z.array(externalSecretSchema),
  secretStores: z.array(secretStoreSchema),
  sources: z.array(sourceSchema),
  resourceSets: z.array(resourceSetSchema),
  /** `postBuild` variables still written `${VAR}` after substitution (sorted). */
  keptVariables: z.array(z.string()),
  /** `Kind/name` of substituteFrom sources whose values the book does not have: Secrets (never read), ConfigMaps not in the tree. */
  unreadVariableSources: z.array(z.string()),
  origin: originSchema,
});
export type FluxKustomizationInfo = z.infer<typeof fluxKustomizationSchema>;

export const layerSchema = z.object({
  /** 1-based: layer 1 depends on nothing, layer n on something in layer n-1. */
  index: z.number().int().positive(),
  kustomizations: z.array(z.string()),
});
export type Layer = z.infer<typeof layerSchema>;

export const clusterSchema = z.object({
  name: z.string(),
  roots: z.array(z.string()),
  kustomizations: z.array(fluxKustomizationSchema),
  layers: z.array(layerSchema),
  /** Namespaces of every object the cluster's tree applies (sorted). */
  namespaces: z.array(z.string()),
  /** Namespaces the tree creates with a `Namespace` object, wherever it applies it (sorted). */
  createdNamespaces: z.array(z.string()),
  sopsDocumentsSkipped: z.number().int().nonnegative(),
});
export type ClusterInfo = z.infer<typeof clusterSchema>;

/** `namespace/name`, the key Flux uses for dependsOn. */
export function keyOf(ref: { name: string; namespace: string }): string {
  return `${ref.namespace}/${ref.name}`;
}
