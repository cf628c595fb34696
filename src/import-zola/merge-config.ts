import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE, loadConfig } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import type { Finding } from '../report/finding.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { feedsSource, fieldsSource, listingsSource } from './convert-config.ts';
import type { FeedOf } from './convert-config.ts';
import type { SectionListing } from './section-listings.ts';

export interface ConfigNeeds {
  fields: ReadonlyMap<string, string>;
  feeds: ReadonlyMap<string, FeedOf>;
  listings: readonly SectionListing[];
  /** The Zola index's `paginate_by`, whose `page/N/` URLs the import leaves to galley's pagers. */
  paginateBy?: number | undefined;
}

/**
 * The project's `site.config.ts` with what the import needs added: the `[extra]` fields its
 * headers carry, the old feed URLs, the sections' listings and the index's `paginateBy`. Only added, never changed: a field the project declares
 * with another type refuses the import. The edit is checked by loading the edited config; if the
 * file's shape defeats it, the import refuses with the lines to add by hand. `undefined` when
 * the project has everything already.
 */
export async function mergeConfig(root: string, source: string, needs: ConfigNeeds): Promise<string | undefined> {
  const { config } = await loadConfig(root);
  const have = config.frontMatter.fields;
  const clashes = [...needs.fields].filter(([key, type]) => have[key] !== undefined && have[key] !== type);
  if (clashes.length > 0) {
    refuse(clashes.map(([key, type]) => `Unexpected field \`${key}\` of type ${have[key]} in ${CONFIG_FILE}, expected ${type} as the imported headers hold it`), 'Rename the field in the project or in the Zola pages, then import again.');
  }
  const fields = new Map([...needs.fields].filter(([key]) => have[key] === undefined));
  const paths = new Set(config.feeds.paths.map((f) => f.path));
  const feeds = [...needs.feeds].filter(([p]) => !paths.has(p));
  const listed = new Set(config.listings.map((l) => l.path));
  const listings = needs.listings.filter((l) => !listed.has(l.path));
  const pager = needs.paginateBy !== undefined && config.paginateBy !== needs.paginateBy ? needs.paginateBy : undefined;
  if (pager !== undefined && config.paginateBy !== undefined) {
    refuse([`Unexpected paginateBy ${config.paginateBy} in ${CONFIG_FILE}, expected ${pager} as the Zola site paginates its index`], `Set paginateBy to ${pager} (the imported page/N/ URLs are galley's pagers then), then import again.`);
  }
  if (fields.size === 0 && feeds.length === 0 && listings.length === 0 && pager === undefined) return undefined;

  const fieldText = ` ${[...fields].map(([key, type]) => `${key}: ${JSON.stringify(type)}`).join(', ')},`;
  const feedText = ` ${feedsSource(feeds).join(', ')},`;
  const listingText = ` ${listingsSource(listings).join(', ')},`;
  let text: string | undefined = source;
  if (fields.size > 0) {
    text = /\bfrontMatter\s*:/.test(source)
      ? insertAfter(text, /\bfields\s*:\s*\{/, fieldText)
      : insertAfter(text, /defineConfig\(\s*\{/, `\n  frontMatter: { fields: ${fieldsSource(new Map([...Object.entries(have), ...fields]))} },`);
  }
  if (text !== undefined && feeds.length > 0) {
    text = /\bfeeds\s*:/.test(text) ? insertAfter(text, /\bfeeds\s*:\s*(?:\{[^}]*?\bpaths\s*:\s*)?\[/, feedText) : insertAfter(text, /defineConfig\(\s*\{/, `\n  feeds: [${feedText.trim().replace(/,$/, '')}],`);
  }
  if (text !== undefined && listings.length > 0) {
    text = /\blistings\s*:/.test(text) ? insertAfter(text, /\blistings\s*:\s*\[/, listingText) : insertAfter(text, /defineConfig\(\s*\{/, `\n  listings: [${listingText.trim().replace(/,$/, '')}],`);
  }
  if (text !== undefined && pager !== undefined) text = insertAfter(text, /defineConfig\(\s*\{/, `\n  paginateBy: ${pager},`);
  const hint = `Add to ${CONFIG_FILE} by hand:${fields.size > 0 ? ` frontMatter.fields {${fieldText} }` : ''}${feeds.length > 0 ? ` feeds [${feedText} ]` : ''}${listings.length > 0 ? ` listings [${listingText} ]` : ''}${pager !== undefined ? ` paginateBy: ${pager},` : ''}; then import again.`;
  const want = { feeds: feeds.map(([p]) => p), listings: listings.map((l) => l.path) };
  if (text === undefined || !(await holds(root, text, fields, want, needs.paginateBy))) {
    refuse([`Unexpected shape of ${CONFIG_FILE}, expected \`defineConfig({ ... })\` the import can add fields and feeds to`], hint);
  }
  return text;
}

/** Whether the edited config loads and declares every field and feed asked for. */
async function holds(root: string, text: string, fields: ReadonlyMap<string, string>, want: { feeds: readonly string[]; listings: readonly string[] }, paginateBy: number | undefined): Promise<boolean> {
  // Inside the project, so its imports resolve as the real config's do; removed after.
  const dir = path.join(root, '.galley', 'import-zola-check');
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, CONFIG_FILE), text);
    const { config } = await loadConfig(dir);
    return (
      [...fields].every(([key, type]) => config.frontMatter.fields[key] === type) &&
      want.feeds.every((p) => config.feeds.paths.some((f: Config['feeds']['paths'][number]) => f.path === p)) &&
      want.listings.every((p) => config.listings.some((l: Config['listings'][number]) => l.path === p)) &&
      (paginateBy === undefined || config.paginateBy === paginateBy)
    );
  } catch {
    return false;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function insertAfter(text: string, pattern: RegExp, insert: string): string | undefined {
  const matches = [...text.matchAll(new RegExp(pattern.source, 'g'))];
  if (matches.length !== 1) return undefined;
  const at = matches[0]!.index + matches[0]![0].length;
  return `${text.slice(0, at)}${insert}${text.slice(at)}`;
}

function refuse(messages: string[], hint: string): never {
  const findings: Finding[] = messages.map((message) => ({ file: CONFIG_FILE, line: 1, column: 1, ruleId: 'import-into-config', severity: 'error', message, hint }));
  throw new GalleyError(messages[0]!, { exitCode: ExitCode.usage, ruleId: 'import-into-config', hint, findings });
}
