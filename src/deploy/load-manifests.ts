import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { kustomizeBuild } from './kustomize-build.ts';
import { dig, type K8sObject } from './objects.ts';

/** Where the cluster manifests live inside the project (design §1). */
export const OVERLAYS_DIR = 'deploy/k8s/overlays';
export const FLUX_CLUSTERS_DIR = 'deploy/flux/clusters';

export type TargetRole = 'overlay' | 'flux-cluster' | 'flux-layer';

export interface RenderedTarget {
  /** POSIX path relative to the project root, the way Flux's `spec.path` names it. */
  dir: string;
  role: TargetRole;
  objects: K8sObject[];
}

/**
 * Render every overlay, every example Flux cluster, and every layer those clusters point at,
 * so the checks see exactly what Flux would apply. Each directory is rendered once.
 */
export async function loadManifests(root: string, kubectl: string): Promise<RenderedTarget[]> {
  const targets: RenderedTarget[] = [];
  const seen = new Set<string>();
  const render = async (dir: string, role: TargetRole): Promise<RenderedTarget | undefined> => {
    if (seen.has(dir)) return undefined;
    seen.add(dir);
    const target = { dir, role, objects: await kustomizeBuild(kubectl, path.join(root, dir)) };
    targets.push(target);
    return target;
  };
  for (const dir of await kustomizationDirs(root, OVERLAYS_DIR)) await render(dir, 'overlay');
  for (const dir of await kustomizationDirs(root, FLUX_CLUSTERS_DIR)) {
    const cluster = await render(dir, 'flux-cluster');
    for (const layerPath of fluxPaths(cluster?.objects ?? [])) {
      if (await isKustomization(root, layerPath)) await render(layerPath, 'flux-layer');
    }
  }
  return targets;
}

/** `spec.path` of every Flux Kustomization, normalized (`./deploy/x/` → `deploy/x`). */
export function fluxPaths(objects: readonly K8sObject[]): string[] {
  return objects
    .filter(isFluxKustomization)
    .map((o) => dig(o, 'spec', 'path'))
    .filter((p): p is string => typeof p === 'string')
    .map((p) => path.posix.normalize(p).replace(/^\.\//, '').replace(/\/$/, ''));
}

export function isFluxKustomization(object: K8sObject): boolean {
  return object.kind === 'Kustomization' && object.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/');
}

/** Sub-directories of `parent` holding a kustomization.yaml, sorted for a stable order. */
async function kustomizationDirs(root: string, parent: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(path.join(root, parent));
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const name of names.sort()) {
    const dir = path.posix.join(parent, name);
    if (await isKustomization(root, dir)) dirs.push(dir);
  }
  return dirs;
}

export async function isKustomization(root: string, dir: string): Promise<boolean> {
  try {
    return (await stat(path.join(root, dir, 'kustomization.yaml'))).isFile();
  } catch {
    return false;
  }
}
