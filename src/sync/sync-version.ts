import { GENERATOR_VERSION } from '../version.ts';

/** Where the sidecar bundle came from; scripts/bundle-sidecar.ts defines it through esbuild. */
interface BundledFrom {
  commit: string | null;
  dirty: boolean;
}
declare const GALLEY_BUNDLED_FROM: BundledFrom | undefined;

/** `galley sync --version`: the galley version and the commit the running bundle was made from. */
export function syncVersion(): string {
  const from = typeof GALLEY_BUNDLED_FROM === 'undefined' ? undefined : GALLEY_BUNDLED_FROM;
  const origin = !from
    ? 'run from source'
    : !from.commit
      ? 'bundled outside git'
      : `bundled from ${from.commit}${from.dirty ? ' with uncommitted changes' : ''}`;
  return `galley sync ${GENERATOR_VERSION} (${origin})`;
}
