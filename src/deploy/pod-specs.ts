import { asArray, dig, isRecord, type K8sObject } from './objects.ts';

export interface PodSpecRef {
  object: K8sObject;
  spec: Record<string, unknown>;
}

export interface ContainerRef extends PodSpecRef {
  container: Record<string, unknown>;
  name: string;
}

// Where each workload kind keeps its pod template.
const podSpecPaths: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export function podSpecs(objects: readonly K8sObject[]): PodSpecRef[] {
  const refs: PodSpecRef[] = [];
  for (const object of objects) {
    const at = podSpecPaths[object.kind];
    const spec = at ? dig(object, ...at) : undefined;
    if (isRecord(spec)) refs.push({ object, spec });
  }
  return refs;
}

/** Every container, init containers included: the policies hold for all of them. */
export function containers(objects: readonly K8sObject[]): ContainerRef[] {
  const refs: ContainerRef[] = [];
  for (const pod of podSpecs(objects)) {
    for (const container of [...asArray(pod.spec.initContainers), ...asArray(pod.spec.containers)]) {
      if (!isRecord(container)) continue;
      refs.push({ ...pod, container, name: String(container.name ?? '?') });
    }
  }
  return refs;
}
