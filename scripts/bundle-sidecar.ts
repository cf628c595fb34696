// `npm run build:sidecar [-- OUTFILE]`: the sync sidecar as one self-contained ESM file (every
// dependency inlined) for deploy/sidecar/Containerfile; the image needs only node, git and ssh.
import path from 'node:path';
import { build } from 'esbuild';
import { readProvenance } from '../src/output/provenance.ts';

const root = path.join(import.meta.dirname, '..');
/** What the bundle is made of: the commit is dirty when any of these differ from it. */
const inputs = ['src', 'scripts/bundle-sidecar.ts', 'package.json', 'package-lock.json'];

export async function bundleSidecar(outfile: string): Promise<string> {
  const { sourceCommit, sourceDirty } = await readProvenance(root, process.env, inputs);
  await build({
    entryPoints: [path.join(import.meta.dirname, '../src/sync/sidecar-main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    legalComments: 'none',
    // `galley sync --version` names it (src/sync/sync-version.ts).
    define: { GALLEY_BUNDLED_FROM: JSON.stringify({ commit: sourceCommit, dirty: sourceDirty }) },
    // Some inlined CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __galleyRequire } from 'node:module'; const require = __galleyRequire(import.meta.url);" },
  });
  return outfile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await bundleSidecar(path.resolve(process.argv[2] ?? 'dist/galley-sync.mjs'));
  console.log(`sidecar bundle: ${path.relative(process.cwd(), out)}`);
}
