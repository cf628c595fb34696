import { str } from './fields.ts';
import { keyOf, type HelmReleaseInfo } from './model.ts';
import { ociVersion, type PendingHelmRelease, type SourceObject } from './recognize.ts';
import type { RepoFiles } from './repo-files.ts';

/**
 * Chart, version and source of a HelmRelease: from `chart.spec` directly, or through `chartRef`
 * to an OCIRepository (version from `ref.tag`/`semver`) or a HelmChart of the same cluster.
 */
export function resolveChart(files: RepoFiles, release: PendingHelmRelease, sources: Map<string, SourceObject>): HelmReleaseInfo {
  const base = { name: release.name, namespace: release.namespace, apiVersion: release.apiVersion, origin: release.origin };
  if (release.chartSpec) {
    const { chart, version, source } = release.chartSpec;
    return { ...base, chart, version: version ?? '*', source: `${source.kind}/${source.name}`, via: 'chart.spec' };
  }
  if (release.chartRef) {
    const ref = release.chartRef;
    const found = sources.get(`${ref.kind}:${keyOf(ref)}`);
    const source = `${ref.kind}/${ref.name}`;
    if (!found) {
      files.report(release.origin.file, `Unexpected chartRef \`${source}\` of HelmRelease \`${release.name}\`, expected a source of this cluster`, {
        line: release.origin.line, ruleId: 'docs-chartref-missing', hint: `no ${ref.kind} \`${ref.name}\` in namespace \`${ref.namespace}\` was reached`,
      });
      return { ...base, chart: 'unknown', version: 'unknown', source, via: 'chartRef' };
    }
    if (ref.kind === 'HelmChart') {
      return { ...base, chart: str(found.value, 'spec.chart') ?? 'unknown', version: str(found.value, 'spec.version') ?? '*', source, via: 'chartRef' };
    }
    return { ...base, chart: ociChartName(str(found.value, 'spec.url')), version: ociVersion(found.value), source, via: 'chartRef' };
  }
  files.report(release.origin.file, `Unexpected HelmRelease \`${release.name}\` without chart, expected \`chart.spec\` or \`chartRef\``, {
    line: release.origin.line, ruleId: 'docs-helmrelease-chart', hint: 'Flux refuses such a HelmRelease',
  });
  return { ...base, chart: 'unknown', version: 'unknown', source: 'none', via: 'none' };
}

/** The chart's name is the artifact's last path segment; the registry address is never kept. */
function ociChartName(url: string | undefined): string {
  if (!url) return 'unknown';
  const last = url.replace(/[/]+$/, '').split('/').pop() ?? '';
  return last.replace(/[:@].*$/, '') || 'unknown';
}

export function sourceIndex(sources: SourceObject[]): Map<string, SourceObject> {
  return new Map(sources.map((s) => [`${s.info.kind}:${keyOf(s.info)}`, s]));
}
