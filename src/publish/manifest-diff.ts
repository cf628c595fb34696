import type { Manifest, ManifestFile } from '../output/manifest.ts';

export interface ManifestDiff {
  added: ManifestFile[];
  changed: ManifestFile[];
  removed: ManifestFile[];
  /** Bytes of the new versions of added and changed files: what a push has to carry at most. */
  bytes: number;
}

/**
 * Compare the deployed manifest with the new one by path and sha256. Build time and source commit
 * are not compared: a rebuild of the same bytes is not a change (publishing twice is a no-op).
 */
export function diffManifests(deployed: Manifest | undefined, next: Manifest): ManifestDiff {
  const before = new Map((deployed?.files ?? []).map((f) => [f.path, f]));
  const after = new Map(next.files.map((f) => [f.path, f]));
  const added: ManifestFile[] = [];
  const changed: ManifestFile[] = [];
  for (const file of next.files) {
    const old = before.get(file.path);
    if (!old) added.push(file);
    else if (old.sha256 !== file.sha256) changed.push(file);
  }
  const removed = [...before.values()].filter((f) => !after.has(f.path));
  const bytes = [...added, ...changed].reduce((sum, f) => sum + f.size, 0);
  return { added, changed, removed, bytes };
}

export function isEmptyDiff(diff: ManifestDiff): boolean {
  return diff.added.length + diff.changed.length + diff.removed.length === 0;
}

/** `+3 added, ~1 changed, -0 removed (12.3 KiB)` then one line per file, up to `limit`. */
export function formatDiff(diff: ManifestDiff, limit = 20): string {
  const lines = [`+${diff.added.length} added, ~${diff.changed.length} changed, -${diff.removed.length} removed (${formatBytes(diff.bytes)})`];
  const rows = [
    ...diff.added.map((f) => `  + ${f.path}  ${formatBytes(f.size)}`),
    ...diff.changed.map((f) => `  ~ ${f.path}  ${formatBytes(f.size)}`),
    ...diff.removed.map((f) => `  - ${f.path}`),
  ];
  lines.push(...rows.slice(0, limit));
  if (rows.length > limit) lines.push(`  ... and ${rows.length - limit} more`);
  return lines.join('\n');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
