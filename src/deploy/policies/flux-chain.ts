import { OVERLAYS_DIR, fluxPaths, isFluxKustomization, isKustomization } from '../load-manifests.ts';
import { asArray, dig, type K8sObject } from '../objects.ts';
import type { Policy } from './policy.ts';

/** The layers of the example cluster, each depending on the one before (design §6). */
export const FLUX_LAYERS = ['infrastructure', 'secret-stores', 'apps'] as const;

export type FluxOrder = { order: string[] } | { cycle: string[] };

/** Dependency order of the Flux Kustomizations (dependencies first), or the first cycle met. */
export function fluxOrder(objects: readonly K8sObject[]): FluxOrder {
  const deps = new Map(objects.filter(isFluxKustomization).map((o) => [o.metadata.name, dependsOn(o)]));
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...trail.slice(trail.indexOf(name)), name];
    state.set(name, 'visiting');
    for (const dep of deps.get(name) ?? []) {
      const cycle = deps.has(dep) ? visit(dep, [...trail, name]) : undefined;
      if (cycle) return cycle;
    }
    state.set(name, 'done');
    order.push(name);
    return undefined;
  };
  for (const name of [...deps.keys()].sort()) {
    const cycle = visit(name, []);
    if (cycle) return { cycle };
  }
  return { order };
}

export const fluxChain: Policy = {
  ruleId: 'deploy-flux-chain',
  roles: ['flux-cluster'],
  async check({ root, target, report }) {
    const layers = target.objects.filter(isFluxKustomization);
    const byName = new Map(layers.map((o) => [o.metadata.name, o]));
    const result = fluxOrder(layers);
    if ('cycle' in result) {
      report(byName.get(result.cycle[0] ?? ''), `Unexpected dependency cycle ${result.cycle.join(' → ')}, expected ${FLUX_LAYERS.join(' → ')}`, 'a layer may only depend on the layers before it');
    }
    for (const layer of layers) {
      const name = layer.metadata.name;
      for (const dep of dependsOn(layer)) {
        if (!byName.has(dep)) report(layer, `Unexpected dependency of \`${name}\` on unknown Kustomization \`${dep}\``, `expected one of ${[...byName.keys()].join(', ')}`);
      }
      if (dig(layer, 'spec', 'wait') !== true) {
        report(layer, `Unexpected Kustomization \`${name}\` without \`wait: true\``, 'without wait, a layer counts as ready before its objects are, and the next layer starts too early');
      }
      const [layerPath] = fluxPaths([layer]);
      if (layerPath === undefined || !(await isKustomization(root, layerPath))) {
        report(layer, `Unexpected path \`${String(dig(layer, 'spec', 'path'))}\` of \`${name}\`, expected a directory with a kustomization.yaml`, 'spec.path is relative to the root of the GitRepository, here the project root');
      }
    }
    FLUX_LAYERS.forEach((name, i) => {
      const layer = byName.get(name);
      const expected = i === 0 ? [] : [FLUX_LAYERS[i - 1]];
      if (!layer) {
        report(undefined, `Unexpected Flux layout without the \`${name}\` layer, expected ${FLUX_LAYERS.join(' → ')}`, `add a Kustomization named \`${name}\``);
      } else if (dependsOn(layer).join() !== expected.join()) {
        report(layer, `Unexpected dependsOn [${dependsOn(layer).join(', ')}] of \`${name}\`, expected [${expected.join(', ')}]`, `the chain is ${FLUX_LAYERS.join(' → ')}`);
      }
    });
    const apps = byName.get('apps');
    const appsPath = apps ? fluxPaths([apps])[0] : undefined;
    if (apps && !appsPath?.startsWith(`${OVERLAYS_DIR}/`)) {
      report(apps, `Unexpected path \`${String(appsPath)}\` of the apps layer, expected ${OVERLAYS_DIR}/<name>`, 'point the apps layer at one overlay');
    }
  },
};

function dependsOn(object: K8sObject): string[] {
  return asArray(dig(object, 'spec', 'dependsOn')).map((d) => String(dig(d, 'name')));
}
