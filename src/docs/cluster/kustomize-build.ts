import path from 'node:path';
import { applyPatch, toPatch, type Patch } from './apply-patch.ts';
import { isObj, kindOf, list, str, type Obj } from './fields.ts';
import type { RepoDoc, RepoFiles } from './repo-files.ts';
import { kustomizationFile, needsRealKustomize, realBuild, REMOTE_RESOURCE, type FluxOverlay, type Scratch } from './kustomize-real.ts';
import { readTarget } from './select-target.ts';
import { parseYamlValues } from './yaml-values.ts';

export type BuiltObject = RepoDoc;

export interface BuildContext {
  files: RepoFiles;
  /** Repository-relative files read while building, for the SOPS count of a cluster. */
  reached: Set<string>;
  /** Where the real kustomize builds (see kustomize-real.ts). */
  scratch: Scratch;
}

// Kinds kustomize's namespace transformer leaves alone (cluster-scoped).
const CLUSTER_SCOPED = new Set([
  'Namespace', 'CustomResourceDefinition', 'StorageClass', 'PriorityClass', 'PersistentVolume', 'GatewayClass',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService', 'RuntimeClass', 'IngressClass',
  'VolumeSnapshotClass', 'CSIDriver', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
]);

/**
 * `kustomize build DIR` with its origin per object: by hand as far as the chapter needs it, by the
 * real kustomize where a kustomization uses what the hand-written build does not implement.
 */
export function buildDirectory(ctx: BuildContext, dir: string, overlay: FluxOverlay = {}, stack: string[] = []): BuiltObject[] {
  const acc: BuiltObject[] = [];
  accumulate(ctx, dir, acc, overlay, stack);
  return acc;
}

/** Resources, then components (sharing `acc`), then this level's patches and namespace. */
function accumulate(ctx: BuildContext, dir: string, acc: BuiltObject[], overlay: FluxOverlay, stack: string[]): void {
  if (stack.includes(dir)) {
    ctx.files.report(ctx.files.rel(dir), 'Unexpected cycle of kustomize resources, expected a tree', {
      ruleId: 'docs-kustomize-cycle',
      hint: `reached again through ${stack.map((d) => ctx.files.rel(d)).join(' → ')}`,
    });
    return;
  }
  const inner = [...stack, dir];
  const kfile = kustomizationFile(ctx.files, dir);
  if (!kfile) {
    acc.push(...generated(ctx, dir, inner));
    applyLevel(ctx, dir, acc, { patches: [], namespace: undefined }, overlay, inner);
    return;
  }
  ctx.reached.add(ctx.files.rel(kfile));
  const kustomization = ctx.files.documents(kfile)[0]?.value ?? {};
  if (needsRealKustomize(ctx.files, dir, kustomization)) {
    const built = realBuild(ctx.files, ctx.scratch, dir, kfile, overlay, ctx.reached);
    if (built) {
      acc.push(...built);
      return;
    }
  }
  const where = { file: ctx.files.rel(kfile), line: ctx.files.documents(kfile)[0]?.line ?? 1 };
  for (const entry of [...list(kustomization, 'resources'), ...list(kustomization, 'bases')]) {
    if (typeof entry !== 'string') continue;
    if (REMOTE_RESOURCE.test(entry)) {
      ctx.files.report(where.file, 'Unexpected remote kustomize resource, expected a path in the repository', {
        line: where.line, ruleId: 'docs-kustomize-remote', severity: 'info',
        hint: 'remote resources are not fetched; the chapter leaves them out',
      });
      continue;
    }
    const target = path.resolve(dir, entry);
    if (ctx.files.isDir(target)) {
      if (!kustomizationFile(ctx.files, target)) {
        ctx.files.report(where.file, `Unexpected directory \`${entry}\` without kustomization.yaml, expected a kustomization`, {
          line: where.line, ruleId: 'docs-kustomize-missing', hint: 'kustomize refuses such a resource; add a kustomization.yaml',
        });
        continue;
      }
      acc.push(...buildDirectory(ctx, target, {}, inner));
    } else if (ctx.files.isFile(target)) {
      acc.push(...objectsOf(ctx, target));
    } else {
      ctx.files.report(where.file, `Unexpected missing resource \`${entry}\`, expected a file or directory`, {
        line: where.line, ruleId: 'docs-kustomize-missing', hint: 'the resource is left out of the chapter',
      });
    }
  }
  applyLevel(ctx, dir, acc, {
    patches: ownPatches(ctx, dir, kustomization),
    namespace: str(kustomization, 'namespace'),
    components: list(kustomization, 'components').filter((c): c is string => typeof c === 'string'),
    labels: kustomizeLabels(kustomization),
  }, overlay, inner);
}

function applyLevel(
  ctx: BuildContext, dir: string, acc: BuiltObject[],
  own: { patches: Patch[]; namespace: string | undefined; components?: string[]; labels?: Record<string, string> },
  overlay: FluxOverlay, stack: string[],
): void {
  for (const component of [...(own.components ?? []), ...(overlay.components ?? [])]) {
    const componentDir = path.resolve(dir, component);
    if (ctx.files.isDir(componentDir)) accumulate(ctx, componentDir, acc, {}, stack);
  }
  const patches = [...own.patches, ...inlinePatches(ctx, dir, overlay.patches ?? [])];
  for (const patch of patches) applyPatch(acc, patch);
  const namespace = overlay.namespace ?? own.namespace;
  if (namespace) for (const object of acc) setNamespace(object.value, namespace);
  // Labels come after patches in kustomize's transformer order; a parent's selector sees them.
  for (const object of acc) addLabels(object.value, own.labels ?? {});
}

function addLabels(value: Obj, labels: Record<string, string>): void {
  if (Object.keys(labels).length === 0) return;
  const metadata = isObj(value.metadata) ? value.metadata : (value.metadata = {});
  metadata.labels = { ...(isObj(metadata.labels) ? metadata.labels : {}), ...labels };
}

/** `commonLabels` and `labels[].pairs` of a kustomization. */
function kustomizeLabels(kustomization: Obj): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (map: unknown): void => {
    if (isObj(map)) for (const [k, v] of Object.entries(map)) if (v !== null && v !== undefined) out[k] = String(v);
  };
  put(kustomization.commonLabels);
  for (const entry of list(kustomization, 'labels')) put(isObj(entry) ? entry.pairs : undefined);
  return out;
}

function setNamespace(value: Obj, namespace: string): void {
  const metadata = isObj(value.metadata) ? value.metadata : (value.metadata = {});
  const kind = kindOf(value);
  // kustomize renames Namespace objects to the kustomization's namespace (`name: _` idiom).
  if (kind === 'Namespace') metadata.name = namespace;
  else if (!CLUSTER_SCOPED.has(kind) && !kind.startsWith('Cluster')) metadata.namespace = namespace;
}

/** Flux's generated kustomization: every manifest below, a sub-directory with its own kustomization as one resource. */
function generated(ctx: BuildContext, dir: string, stack: string[]): BuiltObject[] {
  const out: BuiltObject[] = [];
  for (const name of ctx.files.list(dir)) {
    const full = path.join(dir, name);
    if (ctx.files.isDir(full)) {
      out.push(...(kustomizationFile(ctx.files, full) ? buildDirectory(ctx, full, {}, stack) : generated(ctx, full, stack)));
    } else if (/\.ya?ml$/.test(name)) {
      out.push(...objectsOf(ctx, full));
    }
  }
  return out;
}

function objectsOf(ctx: BuildContext, file: string): BuiltObject[] {
  ctx.reached.add(ctx.files.rel(file));
  return ctx.files
    .documents(file)
    .filter((d) => typeof d.value.apiVersion === 'string' && typeof d.value.kind === 'string')
    .map((d) => ({ ...d, value: structuredClone(d.value) }));
}

function ownPatches(ctx: BuildContext, dir: string, kustomization: Obj): Patch[] {
  const patches = inlinePatches(ctx, dir, [...list(kustomization, 'patches'), ...list(kustomization, 'patchesJson6902')]);
  for (const entry of list(kustomization, 'patchesStrategicMerge')) {
    if (typeof entry !== 'string') continue;
    const bodies = entry.includes('\n') ? parseYamlValues(entry) : patchFile(ctx, dir, entry);
    for (const body of bodies) {
      const patch = toPatch(body, undefined);
      if (patch) patches.push(patch);
    }
  }
  return patches;
}

/** `patches[]` entries (`patch:` inline or `path:` file, optional `target`), including Flux's. */
function inlinePatches(ctx: BuildContext, dir: string, entries: unknown[]): Patch[] {
  const out: Patch[] = [];
  for (const entry of entries) {
    if (!isObj(entry)) continue;
    const target = readTarget(entry.target);
    const bodies = typeof entry.patch === 'string'
      ? parseYamlValues(entry.patch)
      : typeof entry.path === 'string' ? patchFile(ctx, dir, entry.path) : [];
    for (const body of bodies) {
      const patch = toPatch(body, target);
      if (patch) out.push(patch);
    }
  }
  return out;
}

function patchFile(ctx: BuildContext, dir: string, rel: string): unknown[] {
  const file = path.resolve(dir, rel);
  if (!ctx.files.isFile(file)) return [];
  ctx.reached.add(ctx.files.rel(file));
  return ctx.files.documents(file).map((d) => d.value);
}
