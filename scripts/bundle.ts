// Bundle the CLI and the public API with esbuild into dist/ (run on install and by build:cli).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Dependencies stay in node_modules (the sidecar image gets its own self-contained bundle), but
// the CLI takes zod in: from node_modules it is 224 module files to resolve and load, and every
// start of the CLI was 30 ms longer (a warm build is 600–700 ms). The API (`export { z }`) keeps
// the installed one.
const inlined = new Set(['zod']);
const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
const external = Object.keys(dependencies)
  .filter((name) => !inlined.has(name))
  .flatMap((name) => [name, `${name}/*`]);

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
} as const;

// Chunk names carry their hash: without this, every rebuild would leave the last one's behind
// (and the code fingerprint would read them all). The sidecar's bundle beside them stays.
for (const name of existsSync('dist') ? readdirSync('dist') : []) {
  if (/-[A-Z0-9]{8}\.mjs$/.test(name)) rmSync(`dist/${name}`);
}

// The entry worker is its own file: the build's worker pool starts it beside the bundle. Split
// into chunks so that what a verb imports on demand (publish's SSH, sync's metrics, the Markdown
// stack of a build that renders nothing) is not loaded by every start of the CLI.
await build({
  ...common,
  external,
  entryPoints: { galley: 'src/cli/bin.ts', 'entry-worker': 'src/pipeline/entry-worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: '[name]-[hash]',
});
await build({ ...common, packages: 'external', entryPoints: { index: 'src/index.ts' }, outdir: 'dist', outExtension: { '.js': '.mjs' } });
