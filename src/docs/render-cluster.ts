import { slugify } from '../markdown/slugify.ts';
import { count } from '../report/count.ts';
import { storeNames } from './cluster/app-secrets.ts';
import { dependencyGraph } from './cluster/dependency-graph.ts';
import { keyOf, type ClusterInfo, type FluxKustomizationInfo, type Layer, type Origin, type ResourceSetInfo } from './cluster/model.ts';
import { code, table, text } from './markdown-text.ts';
import { provenanceLine, type Provenance } from './provenance.ts';

/** One Markdown page of the docs book, its path relative to the output root. */
export interface DocsPage {
  path: string;
  markdown: string;
}

/**
 * The cluster chapter as Markdown pages: a chapter page, per cluster an overview with its layers
 * in dependency order, per layer its Kustomizations and apps; and an mdBook-style `SUMMARY.md`
 * giving the reading order. Only names, versions and roles are printed (design §8).
 */
export function renderClusterChapter(clusters: ClusterInfo[], provenance: Provenance, sourceUrl?: string): DocsPage[] {
  const stamp = `> ${provenanceLine(provenance)}`;
  const source = sourceLinker(provenance, sourceUrl);
  const pages: DocsPage[] = [];
  const summary = ['# Summary', '', '- [Cluster](cluster/index.md)'];
  const chapter = [
    '# Cluster', '', stamp, '',
    'What Flux reconciles, read from the GitOps repository: per cluster its layers in dependency order, the Flux',
    'Kustomizations in each layer and the apps they install, by name, chart and version. Addresses, Helm values and',
    'secret contents are never shown.', '',
  ];
  chapter.push(table(['cluster', 'layers', 'Kustomizations', 'HelmReleases'], clusters.map((c) => [
    `[${text(c.name)}](${slugify(c.name) || 'cluster'}/index.md)`,
    String(c.layers.length), String(c.kustomizations.length), String(releases(c.kustomizations)),
  ])));
  pages.push({ path: 'cluster/index.md', markdown: `${chapter.join('\n')}\n` });

  for (const cluster of clusters) {
    const dir = `cluster/${slugify(cluster.name) || 'cluster'}`;
    summary.push(`  - [${text(cluster.name)}](${dir}/index.md)`);
    pages.push({ path: `${dir}/index.md`, markdown: overview(cluster, stamp) });
    for (const layer of cluster.layers) {
      summary.push(`    - [Layer ${layer.index}](${dir}/layer-${layer.index}.md)`);
      pages.push({ path: `${dir}/layer-${layer.index}.md`, markdown: layerPage(cluster, layer, stamp, source) });
    }
  }
  pages.push({ path: 'SUMMARY.md', markdown: `${summary.join('\n')}\n` });
  return pages;
}

function releases(ks: FluxKustomizationInfo[]): number {
  return ks.reduce((n, k) => n + k.helmReleases.length, 0);
}

function resourceSets(ks: FluxKustomizationInfo[]): number {
  return ks.reduce((n, k) => n + k.resourceSets.length, 0);
}

function overview(cluster: ClusterInfo, stamp: string): string {
  const namespaces = cluster.namespaces;
  const created = new Set(cluster.createdNamespaces);
  const sets = resourceSets(cluster.kustomizations);
  const lines = [
    `# Cluster ${code(cluster.name)}`, '', stamp, '',
    `Roots: ${cluster.roots.map(code).join(', ')}.`, '',
    `${count(cluster.kustomizations.length, 'Flux Kustomization')} in ${count(cluster.layers.length, 'layer')}, ` +
      `${count(releases(cluster.kustomizations), 'HelmRelease')}${sets > 0 ? `, ${count(sets, 'ResourceSet')}` : ''}, ` +
      `${count(namespaces.length, 'namespace')} (${created.size} created by the tree).` +
      (cluster.sopsDocumentsSkipped > 0 ? ` ${count(cluster.sopsDocumentsSkipped, 'SOPS-encrypted document')} ${cluster.sopsDocumentsSkipped === 1 ? 'was' : 'were'} skipped unread.` : ''),
    '', '## Layers in dependency order', '',
    'A layer waits for the layers before it: each Kustomization sits one layer above the highest one it depends on.', '',
    '```dot caption="Each column is a layer; an arrow leads from a Kustomization to one that depends on it. The table below lists the same."',
    dependencyGraph(cluster), '```', '',
  ];
  const byKey = new Map(cluster.kustomizations.map((k) => [keyOf(k), k]));
  lines.push(table(['layer', 'Kustomizations', 'HelmReleases', ...(sets > 0 ? ['ResourceSets'] : [])], cluster.layers.map((layer) => {
    const members = layer.kustomizations.map((key) => byKey.get(key)!);
    return [
      `[Layer ${layer.index}](layer-${layer.index}.md)`, members.map((k) => code(keyOf(k))).join(', '), String(releases(members)),
      ...(sets > 0 ? [String(resourceSets(members))] : []),
    ];
  })));
  const stores = cluster.kustomizations.flatMap((k) => k.secretStores);
  if (stores.length > 0) {
    lines.push('', '## Secret stores', '', table(['store', 'kind', 'provider'], stores.map((s) => [code(s.name), s.kind, code(s.provider)])));
  }
  if (namespaces.length > 0) {
    lines.push('', '## Namespaces', '', 'The namespaces the cluster\'s objects are in; those marked "created" have a `Namespace` object in the tree.', '');
    lines.push(table(['namespace', 'created by the tree'], namespaces.map((n) => [code(n), created.has(n) ? 'created' : '—'])));
  }
  return `${lines.join('\n')}\n`;
}

/** A name linked to the file and line it was declared at, at the provenance commit (`docs.sourceUrl`). */
type SourceLinker = (label: string, origin: Origin) => string;

function sourceLinker(provenance: Provenance, template: string | undefined): SourceLinker {
  // Outside git there is no commit to point at: names stay plain.
  if (!template || !/^[0-9a-f]{4,64}$/i.test(provenance.shortSha)) return (label) => label;
  return (label, origin) => {
    const url = template.replaceAll('{rev}', provenance.shortSha).replaceAll('{path}', origin.file.split('/').map(encodeURIComponent).join('/')).replaceAll('{line}', String(origin.line));
    return `[${label}](${url})`;
  };
}

function layerPage(cluster: ClusterInfo, layer: Layer, stamp: string, source: SourceLinker): string {
  const byKey = new Map(cluster.kustomizations.map((k) => [keyOf(k), k]));
  const lines = [`# Layer ${layer.index} of ${code(cluster.name)}`, '', stamp, ''];
  lines.push(layer.index === 1 ? 'These Kustomizations depend on nothing.' : `These Kustomizations wait for layer ${layer.index - 1} or earlier.`);
  for (const key of layer.kustomizations) lines.push('', ...kustomizationSection(byKey.get(key)!, source));
  return `${lines.join('\n')}\n`;
}

function kustomizationSection(k: FluxKustomizationInfo, source: SourceLinker): string[] {
  const settings = [
    k.interval ? `interval ${k.interval}` : undefined,
    k.prune !== undefined ? `prune ${k.prune}` : undefined,
    k.wait !== undefined ? `wait ${k.wait}` : undefined,
  ].filter(Boolean).join(', ');
  const rows = [
    ['path', code(k.path) + (k.notFollowed ? ` (not followed: ${text(k.notFollowed)})` : '')],
    ['source', code(k.source)],
    ['depends on', k.dependsOn.length > 0 ? k.dependsOn.map((d) => code(keyOf(d))).join(', ') : '—'],
    ['settings', settings || '—'],
    ['applied by', k.parent ? code(k.parent) : 'cluster root'],
    ['declared in', source(code(`${k.origin.file}:${k.origin.line}`), k.origin)],
  ];
  if (k.namespaces.length > 0) rows.push(['namespaces', k.namespaces.map(code).join(', ')]);
  if (k.createdNamespaces.length > 0) rows.push(['creates namespaces', k.createdNamespaces.map(code).join(', ')]);
  if (k.keptVariables.length > 0) rows.push(['variables kept as written', `${k.keptVariables.map((v) => code(`\${${v}}`)).join(', ')}${keptReason(k.unreadVariableSources)}`]);
  const lines = [`## ${code(keyOf(k))}`, '', table(['', ''], rows)];
  const storeCell = (stores: string[]): string => (stores.length > 0 ? stores.map(code).join(', ') : '—');
  if (k.helmReleases.length > 0) {
    lines.push('', table(['app', 'namespace', 'chart', 'version', 'source', 'secret stores'], k.helmReleases.map((r) => [
      source(code(r.name), r.origin), code(r.namespace), code(r.chart), code(r.version), code(r.source),
      storeCell(storeNames(k.externalSecrets.filter((e) => e.apps.includes(keyOf(r))))),
    ])));
  }
  const shared = storeNames(k.externalSecrets.filter((e) => e.apps.length === 0));
  if (shared.length > 0) lines.push('', `${k.helmReleases.length > 0 ? 'Other secrets' : 'Secrets'} read from ${storeCell(shared)}.`);
  if (k.resourceSets.length > 0) {
    lines.push('', table(['ResourceSet', 'inputs', 'generates per input'], k.resourceSets.map((r) => [code(keyOf(r)), inputsCell(r), generatesCell(r)])));
  }
  return lines;
}

/** Why a variable stayed `${VAR}`: its value is in a Secret (never read) or in the cluster only. */
function keptReason(unread: string[]): string {
  if (unread.length === 0) return ' (Flux leaves them as written too)';
  const secrets = unread.filter((u) => u.startsWith('Secret/'));
  const others = unread.filter((u) => !u.startsWith('Secret/'));
  const parts = [
    ...(secrets.length > 0 ? [`${secrets.map(code).join(', ')}, never read into the book`] : []),
    ...(others.length > 0 ? [`${others.map(code).join(', ')}, not defined in this repository`] : []),
  ];
  return ` (their values come from ${parts.join('; and from ')})`;
}

function inputsCell(r: ResourceSetInfo): string {
  if (r.inputs === 0 && r.inputsFrom.length === 0) return 'none (rendered once)';
  const parts = [
    ...(r.inputs > 0 ? [`${r.inputs} inline`] : []),
    ...(r.inputsFrom.length > 0 ? [`from ${r.inputsFrom.map(code).join(', ')}`] : []),
  ];
  return parts.join(', ');
}

function generatesCell(r: ResourceSetInfo): string {
  return r.generates.length > 0 ? r.generates.map((g) => `${g.count} ${code(g.kind)}`).join(', ') : '—';
}
