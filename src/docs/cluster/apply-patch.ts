import { isObj, kindOf, metaName, metaNamespace, type Obj } from './fields.ts';
import { selects, type Target } from './select-target.ts';

/** One parsed patch: a strategic-merge object or a JSON 6902 operation list, with its target. */
export type Patch =
  | { type: 'merge'; body: Obj; target: Target | undefined }
  | { type: 'json6902'; ops: Obj[]; target: Target | undefined };

/** Turn the YAML value of a patch into a Patch; undefined when it is neither shape. */
export function toPatch(body: unknown, target: Target | undefined): Patch | undefined {
  if (Array.isArray(body)) return { type: 'json6902', ops: body.filter(isObj), target };
  if (isObj(body)) return { type: 'merge', body, target };
  return undefined;
}

/**
 * Apply a patch to a list of objects in place, the way kustomize does: with a target, every
 * selected object (the patch's own name is ignored, so `name: _` patches reach all of them);
 * without one, the object with the patch's kind and name. `$patch: delete` removes the object.
 */
export function applyPatch(objects: { value: Obj }[], patch: Patch): void {
  for (let i = objects.length - 1; i >= 0; i--) {
    const object = objects[i]!;
    if (!patchSelects(patch, object.value)) continue;
    if (patch.type === 'json6902') {
      for (const op of patch.ops) applyOperation(object.value, op);
    } else if (patch.body.$patch === 'delete') {
      objects.splice(i, 1);
    } else {
      const body = { ...patch.body };
      if (patch.target && isObj(body.metadata)) {
        // With a target the patch's metadata.name/namespace are placeholders, not renames.
        const { name: _n, namespace: _ns, ...rest } = body.metadata;
        body.metadata = rest;
      }
      object.value = mergeStrategic(object.value, body) as Obj;
    }
  }
}

function patchSelects(patch: Patch, object: Obj): boolean {
  if (patch.target) return selects(patch.target, object);
  if (patch.type !== 'merge') return false;
  const ns = metaNamespace(patch.body);
  return (
    kindOf(patch.body) === kindOf(object) &&
    metaName(patch.body) === metaName(object) &&
    (ns === undefined || ns === metaNamespace(object))
  );
}

/**
 * Strategic merge without schemas: maps merge key by key, `null` deletes, lists and scalars are
 * replaced. That is kustomize's behaviour for custom resources (Flux kinds carry no patch
 * strategy), which are the only kinds whose merged fields the chapter reads.
 */
export function mergeStrategic(base: unknown, patch: unknown): unknown {
  if (!isObj(base) || !isObj(patch)) return structuredClone(patch);
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (value === null) delete out[key];
    else out[key] = key in base ? mergeStrategic(base[key], value) : structuredClone(value);
  }
  return out;
}

function pointer(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** JSON 6902 add/replace/remove (copy/move/test are not used on the fields we read). */
function applyOperation(root: Obj, op: Obj): void {
  if (typeof op.path !== 'string') return;
  const parts = pointer(op.path);
  const last = parts.pop();
  if (last === undefined) return;
  let parent: unknown = root;
  for (const part of parts) {
    parent = Array.isArray(parent) ? parent[Number(part)] : isObj(parent) ? parent[part] : undefined;
    if (parent === undefined) return;
  }
  const value = structuredClone(op.value);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (op.op === 'add') parent.splice(index, 0, value);
    else if (op.op === 'replace') parent[index] = value;
    else if (op.op === 'remove') parent.splice(index, 1);
  } else if (isObj(parent)) {
    if (op.op === 'add' || op.op === 'replace') parent[last] = value;
    else if (op.op === 'remove') delete parent[last];
  }
}
