import { keyOf, type ClusterInfo } from './model.ts';

/**
 * A cluster's Flux Kustomizations as a Graphviz `dot` source: one column per layer, an arrow
 * from each dependency to the Kustomization that waits for it (`dependsOn`, the order Flux
 * makes them Ready). Only Kustomization names go in: the docs' leak gate reads the drawing too.
 */
export function dependencyGraph(cluster: ClusterInfo): string {
  const known = new Set(cluster.kustomizations.map(keyOf));
  const lines = [
    'digraph dependencies {',
    '  rankdir=LR;',
    '  node [shape=box, fontname="Helvetica,Arial,sans-serif", fontsize=11];',
    '  edge [arrowsize=0.7];',
  ];
  for (const layer of cluster.layers) {
    lines.push(`  subgraph cluster_layer_${layer.index} {`, `    label=${quote(`Layer ${layer.index}`)};`, '    style=dashed;');
    lines.push(...layer.kustomizations.map((key) => `    ${quote(key)};`), '  }');
  }
  // A dangling dependsOn is reported where the layers are made; it has no box to point at.
  const edges = cluster.kustomizations.flatMap((k) => k.dependsOn.filter((d) => known.has(keyOf(d))).map((d) => `  ${quote(keyOf(d))} -> ${quote(keyOf(k))};`));
  lines.push(...[...new Set(edges)].sort(), '}');
  return lines.join('\n');
}

/** A DOT quoted ID: only `"` and `\` need escaping inside the quotes. */
function quote(id: string): string {
  return `"${id.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
