import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../output/manifest.ts';
import type { Pins } from '../pins/pins.ts';
import { sri384 } from '../pins/pins.ts';
import { packageRoot } from './package-root.ts';
import type { SiteAssets } from './render-context.ts';

/**
 * `assets/<name>.<first 8 hex of sha256>.<ext>`: the name changes with the bytes, so nginx may
 * cache them as immutable and the sync sidecar can keep the previous release's for a while.
 */
export function hashedName(fileName: string, bytes: Uint8Array): string {
  const dot = fileName.indexOf('.');
  const stem = dot < 0 ? fileName : fileName.slice(0, dot);
  const ext = dot < 0 ? '' : fileName.slice(dot);
  return `assets/${stem}.${sha256(bytes).slice(0, 8)}${ext}`;
}

/** The site's own CSS, feed stylesheet, icon and alias script (the project's `templates/assets/`, else galley's) and htmx from `vendorDir` (absolute). */
export async function siteAssets(root: string, templatesDir: string, vendorDir: string, pins: Pins | undefined): Promise<{ assets: SiteAssets; files: Map<string, Uint8Array> }> {
  const files = new Map<string, Uint8Array>();
  const add = (name: string, bytes: Uint8Array): string => {
    const out = hashedName(name, bytes);
    files.set(out, bytes);
    return `/${out}`;
  };
  const css = add('site.css', await templateAsset(root, templatesDir, 'site.css'));
  const feedCss = add('feed.css', await templateAsset(root, templatesDir, 'feed.css'));
  const icon = add('favicon.svg', await templateAsset(root, templatesDir, 'favicon.svg'));
  const alias = add('alias.js', await templateAsset(root, templatesDir, 'alias.js'));
  const search = add('search.js', await templateAsset(root, templatesDir, 'search.js'));
  const readingAids = {
    css: add('reading-aids.css', await templateAsset(root, templatesDir, 'reading-aids.css')),
    script: add('copy-code.js', await templateAsset(root, templatesDir, 'copy-code.js')),
  };
  const htmxPath = path.join(vendorDir, 'htmx.min.js');
  const htmxBytes = existsSync(htmxPath) ? await readFile(htmxPath) : new Uint8Array();
  const htmxUrl = add('htmx.min.js', htmxBytes);
  // The page carries the pin, not a hash of whatever is on disk: the vendor gate compares the two.
  const integrity = pins?.files['htmx.min.js']?.sha384 ?? sri384(htmxBytes);
  return { assets: { css, feedCss, icon, alias, search, readingAids, htmx: { url: htmxUrl, integrity } }, files };
}

export async function templateAsset(root: string, templatesDir: string, name: string): Promise<Uint8Array> {
  const own = path.join(root, templatesDir, 'assets', name);
  return readFile(existsSync(own) ? own : path.join(packageRoot(), 'templates', 'assets', name));
}
