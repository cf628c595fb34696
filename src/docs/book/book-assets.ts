import { hashedName, templateAsset } from '../../render/site-assets.ts';
import { sri384 } from '../../pins/pins.ts';
import type { BookAssets } from '../../../templates/book.ts';

/**
 * The book's stylesheet, scripts (its own, the entries' copy buttons and the site's search) and icon under hashed names (the project's `templates/assets/`
 * first, else galley's), so nginx may cache them as immutable like the site's.
 */
export async function bookAssets(root: string, templatesDir: string): Promise<{ assets: BookAssets; files: Map<string, Uint8Array> }> {
  const files = new Map<string, Uint8Array>();
  const add = async (name: string): Promise<{ path: string; bytes: Uint8Array }> => {
    const bytes = await templateAsset(root, templatesDir, name);
    const path = hashedName(name, bytes);
    files.set(path, bytes);
    return { path, bytes };
  };
  const css = await add('book.css');
  const js = await add('book.js');
  const copy = await add('copy-code.js');
  const search = await add('search.js');
  const icon = await add('favicon.svg');
  return {
    assets: { css: css.path, js: { path: js.path, integrity: sri384(js.bytes) }, copy: { path: copy.path, integrity: sri384(copy.bytes) }, search: { path: search.path, integrity: sri384(search.bytes) }, icon: icon.path },
    files,
  };
}
