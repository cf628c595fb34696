// Bundle the CLI and the public API with esbuild into dist/ (run on install and by build:cli).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies stay in node_modules; the sidecar image gets its own self-contained bundle.
  packages: 'external',
  logLevel: 'warning',
  legalComments: 'none',
} as const;

// The entry worker is its own file: the build's worker pool starts it beside the bundle. Split
// into chunks so that what a verb imports on demand (publish's SSH, sync's metrics, the Markdown
// stack of a build that renders nothing) is not loaded by every start of the CLI.
await build({
  ...common,
  entryPoints: { galley: 'src/cli/bin.ts', 'entry-worker': 'src/build/entry-worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: '[name]-[hash]',
});
await build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist', outExtension: { '.js': '.mjs' } });
