import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { asArray, dig } from '../objects.ts';
import type { Policy } from './policy.ts';

// kustomize's load restrictor keeps each file inside the kustomization naming it, but bases and
// components may be any directory; Flux refuses anything outside the source it fetched. This
// rule keeps that boundary: every path a kustomization reads, through every base and component
// it includes, must lie inside the project root.
export const sourcesInRoot: Policy = {
  ruleId: 'deploy-outside-root',
  roles: ['overlay', 'flux-cluster', 'flux-layer'],
  async check({ root, target, report }) {
    const seen = new Set<string>();
    const walk = async (dir: string): Promise<void> => {
      if (seen.has(dir)) return;
      seen.add(dir);
      const file = path.join(dir, 'kustomization.yaml');
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) return;
      for (const ref of referencedPaths(parse(text))) {
        if (/^[a-z]+:\/\/|^github\.com\//.test(ref)) continue;
        const resolved = path.resolve(dir, ref);
        const relative = path.relative(root, resolved);
        if (relative.startsWith('..') || path.isAbsolute(relative)) {
          report(undefined, `Unexpected file \`${ref}\` of ${path.relative(root, file)} outside the project root`, 'Flux builds inside the fetched source only; keep every file the kustomization reads inside it');
          continue;
        }
        const stats = await stat(resolved).catch(() => undefined);
        if (stats?.isDirectory()) await walk(resolved);
      }
    };
    await walk(path.join(root, target.dir));
  },
};

/** Every local path a kustomization.yaml names: bases, resources, generator files, patches. */
export function referencedPaths(kustomization: unknown): string[] {
  const strings = (value: unknown): string[] => asArray(value).filter((v): v is string => typeof v === 'string');
  const generatorFiles = (key: string): string[] =>
    asArray(dig(kustomization, key)).flatMap((g) => [...strings(dig(g, 'files')), ...strings(dig(g, 'envs'))]).map((f) => f.slice(f.indexOf('=') + 1));
  return [
    ...strings(dig(kustomization, 'resources')),
    ...strings(dig(kustomization, 'components')),
    ...strings(dig(kustomization, 'bases')),
    ...strings(dig(kustomization, 'crds')),
    ...strings(dig(kustomization, 'configurations')),
    ...strings(dig(kustomization, 'patchesStrategicMerge')).filter((p) => !p.includes('\n')),
    ...asArray(dig(kustomization, 'patches')).map((p) => dig(p, 'path')).filter((p): p is string => typeof p === 'string'),
    ...asArray(dig(kustomization, 'patchesJson6902')).map((p) => dig(p, 'path')).filter((p): p is string => typeof p === 'string'),
    ...generatorFiles('configMapGenerator'),
    ...generatorFiles('secretGenerator'),
  ];
}
