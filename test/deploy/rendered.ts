import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findKubectl } from '../../src/deploy/kustomize-build.ts';
import { loadManifests, type RenderedTarget } from '../../src/deploy/load-manifests.ts';
import { skipUnlessCi } from '../helpers/needs-tool.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The kubectl these tests render with, or the reason they are skipped (never a silent pass). */
export const kubectl = await findKubectl();
export const skipReason = skipUnlessCi(kubectl ? false : 'kubectl is not on PATH: cannot render the kustomizations (install kubectl to run these tests)');

/** Every overlay, Flux cluster and Flux layer of the project, rendered once per test file. */
export const rendered: RenderedTarget[] = kubectl ? await loadManifests(projectRoot, kubectl) : [];

export function target(dir: string): RenderedTarget {
  const found = rendered.find((t) => t.dir === dir);
  if (!found) throw new Error(`${dir} was not rendered; rendered: ${rendered.map((t) => t.dir).join(', ')}`);
  return found;
}
