/**
 * Hashed assets are named `assets/<name>.<8 hex>.<ext>`, the extension possibly in parts
 * (`htmx.d6fdc75f.min.js`, a precompressed `site.cdc2c20a.css.gz`):
 * their bytes never change under a name, so nginx marks them immutable and a release can carry the
 * previous build's ones, which pages still open in browsers ask for after a swap.
 */
export const HASHED_ASSET = /^assets\/(?:[^/]+\/)*[^/]+\.[0-9a-f]{8}(?:\.[A-Za-z0-9]+)+$/;

export function isHashedAsset(relPath: string): boolean {
  return HASHED_ASSET.test(relPath);
}
