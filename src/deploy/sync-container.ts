import { asArray, dig, isRecord, type K8sObject } from './objects.ts';
import { containers, type ContainerRef } from './pod-specs.ts';

/** A variable of the container's environment and where its value is written. */
export interface EnvValue {
  value: string;
  /** The ConfigMap key it comes from (the ConfigMap's name without kustomize's hash), or none for a literal `value:`. */
  configMap?: { name: string; key: string };
}

/** The containers that run `galley sync`: deploy/k8s starts their args with the verb. */
export function syncContainers(objects: readonly K8sObject[]): ContainerRef[] {
  return containers(objects).filter(({ container }) => asArray(container.args)[0] === 'sync');
}

/**
 * The container's environment as the kubelet sets it: literal values and ConfigMap keys of the same
 * rendered target (a Secret key stays out: its value is not in the repository, and must not be).
 */
export function containerEnv(ref: ContainerRef, objects: readonly K8sObject[]): Map<string, EnvValue> {
  const env = new Map<string, EnvValue>();
  for (const entry of asArray(ref.container.env)) {
    if (!isRecord(entry) || typeof entry.name !== 'string') continue;
    if (typeof entry.value === 'string') env.set(entry.name, { value: entry.value });
    const name = dig(entry, 'valueFrom', 'configMapKeyRef', 'name');
    const key = dig(entry, 'valueFrom', 'configMapKeyRef', 'key');
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name && o.metadata.namespace === ref.object.metadata.namespace);
    const value = dig(configMap, 'data', String(key));
    // configMapGenerator names end in a hash of the data; the operator knows the generator's name.
    if (typeof value === 'string') env.set(entry.name, { value, configMap: { name: String(name).replace(/-[a-z0-9]{10}$/, ''), key: String(key) } });
  }
  return env;
}

/**
 * Kubernetes' expansion of `$(VAR)` in args: a variable of the container's environment is replaced,
 * `$$` stands for `$`, and an unknown one stays as written. Returns the text and the variables used.
 */
export function expandVars(text: string, env: ReadonlyMap<string, EnvValue>): { text: string; used: EnvValue[] } {
  const used: EnvValue[] = [];
  const expanded = text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name?: string) => {
    if (name === undefined) return '$';
    const variable = env.get(name);
    if (!variable) return match;
    used.push(variable);
    return variable.value;
  });
  return { text: expanded, used };
}
