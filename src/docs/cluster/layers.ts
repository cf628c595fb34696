import { keyOf, type FluxKustomizationInfo, type Layer } from './model.ts';
import type { RepoFiles } from './repo-files.ts';

/**
 * Layers from `dependsOn`: a Kustomization sits one layer above the highest layer it depends on,
 * so layer 1 waits for nothing and each layer can start once the ones below are Ready.
 * A dangling reference or a cycle is a warning; the Kustomization still gets a layer.
 */
export function layersOf(files: RepoFiles, kustomizations: FluxKustomizationInfo[]): Layer[] {
  const byKey = new Map(kustomizations.map((k) => [keyOf(k), k]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();

  const depthOf = (k: FluxKustomizationInfo): number => {
    const key = keyOf(k);
    const known = depth.get(key);
    if (known !== undefined) return known;
    if (visiting.has(key)) {
      files.report(k.origin.file, `Unexpected dependsOn cycle through \`${key}\`, expected an acyclic order`, {
        line: k.origin.line, ruleId: 'docs-depends-cycle', hint: 'Flux would never make these Ready; break the cycle',
      });
      return 0;
    }
    visiting.add(key);
    let level = 1;
    for (const dep of k.dependsOn) {
      const target = byKey.get(keyOf(dep));
      if (!target) {
        files.report(k.origin.file, `Unexpected dependsOn \`${keyOf(dep)}\` of \`${key}\`, expected a Kustomization of this cluster`, {
          line: k.origin.line, ruleId: 'docs-depends-dangling', hint: 'check the name and namespace of the dependency',
        });
        continue;
      }
      level = Math.max(level, depthOf(target) + 1);
    }
    visiting.delete(key);
    depth.set(key, level);
    return level;
  };

  const layers: Layer[] = [];
  for (const k of kustomizations) {
    const level = depthOf(k);
    while (layers.length < level) layers.push({ index: layers.length + 1, kustomizations: [] });
    layers[level - 1]!.kustomizations.push(keyOf(k));
  }
  for (const layer of layers) layer.kustomizations.sort();
  return layers;
}
