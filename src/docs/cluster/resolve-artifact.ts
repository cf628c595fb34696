import path from 'node:path';
import { at, isObj, list, type Obj } from './fields.ts';
import type { RepoFiles } from './repo-files.ts';

/**
 * Map a Kustomization path inside an ExternalArtifact back to the repository, through the
 * ArtifactGenerator copy rules that produced it (`from: "@repo/apps/base/**"`, `to: "@artifact/base/"`).
 * Only copies out of the repository itself are followed; undefined when no rule matches.
 */
export function resolveArtifactPath(files: RepoFiles, generators: Obj[], artifact: string, ksPath: string): string | undefined {
  const wanted = clean(ksPath);
  for (const generator of generators) {
    for (const entry of list(generator, 'spec.artifacts')) {
      if (!isObj(entry) || entry.name !== artifact) continue;
      for (const copy of list(entry, 'copy')) {
        const from = at(copy, 'from');
        const to = at(copy, 'to');
        if (typeof from !== 'string' || typeof to !== 'string') continue;
        const fromDir = clean(from.replace(/^@[^/]*\/?/, '').replace(/\*\*.*$/, '').replace(/\*.*$/, ''));
        const toDir = clean(to.replace(/^@artifact\/?/, ''));
        if (toDir !== '' && wanted !== toDir && !wanted.startsWith(`${toDir}/`)) continue;
        const candidate = path.posix.join(fromDir || '.', wanted.slice(toDir.length));
        if (files.isDir(files.abs(candidate))) return candidate;
      }
    }
  }
  return undefined;
}

function clean(p: string): string {
  return path.posix.normalize(p.replace(/^\.\//, '')).replace(/^\.$/, '').replace(/\/$/, '');
}
