import { existsSync } from 'node:fs';
import path from 'node:path';
import { convertConfig, siteConfigSource } from './convert-config.ts';
import { anchorsOf, finishPage, preparePage, type FinishedPage } from './convert-page.ts';
import { convertSections, type SiteFiles } from './convert-sections.ts';
import type { ShortcodeUse } from './convert-shortcodes.ts';
import { convertTaxonomies, tagsOf } from './convert-taxonomies.ts';
import { extraFields } from './extra-fields.ts';
import { ImportLog } from './import-log.ts';
import { listTree } from '../output/list-tree.ts';
import { planEntries, type PlannedEntry } from './plan-entries.ts';
import { readContent } from './read-content.ts';
import { analyzeBody } from './analyze-body.ts';
import { checkCollisions } from './check-collisions.ts';
import { siteTargets } from './site-targets.ts';
import { mapUrls, type UrlOutcome } from './url-map.ts';
import { readZolaConfig } from './zola-config.ts';
import { zolaHeadingIds } from './heading-ids.ts';
import { sectionUrl, zolaUrls, type ZolaUrl } from './zola-urls.ts';
import { isTemplateDrawn, TEMPLATE_HINT } from './template-drawn.ts';

export type ImportedEntry = FinishedPage;

export interface ImportResult {
  siteConfig: string;
  /** `frontMatter.fields` the imported headers need (the `[extra]` keys), for a merge into a project. */
  fields: Map<string, string>;
  /** Entries and pages, each with the file it becomes. */
  entries: ImportedEntry[];
  /** Everything for `public/`: redirect pages, static files, assets; and the old feed URLs. */
  files: SiteFiles;
  /** Served files (keys of `files.copies`) that go beside their entry in its bundle, not in `public/`: where each is written. */
  bundled: Map<string, string>;
  log: ImportLog;
  shortcodes: ShortcodeUse[];
  /** The URLs `zola build` would write, and where each one is served after the import. */
  urls: UrlOutcome[];
  before: ZolaUrl[];
}

/** Read a Zola site and convert it in memory; writing is the caller's (see write-import.ts). */
export async function importZolaSite(zolaDir: string, options: { looseSections?: boolean; importedOn?: string } = {}): Promise<ImportResult> {
  const importedOn = options.importedOn ?? importDay(process.env);
  const log = new ImportLog();
  const zola = await readZolaConfig(zolaDir);
  const files: SiteFiles = { redirects: new Map(), copies: new Map(), feeds: new Map(), listings: [], pagers: new Set() };
  const site = convertConfig(zolaDir, zola, log, files.feeds);
  const content = await readContent(zolaDir, log, { default: zola.config.default_language, others: Object.keys(zola.config.languages) });
  const staticFiles = await listTree(path.join(zolaDir, 'static'));
  const before = zolaUrls(content, zola, staticFiles);
  const plan = planEntries(content, zola, log);
  const shortcodes: ShortcodeUse[] = [];
  const prepared = plan.entries.map((entry) => preparePage(entry, zola, log, shortcodes, tagsOf(entry.page, zola, log), zolaDir));

  const anchors = new Map(prepared.map((p) => [p.planned.page.rel, anchorsOf(p.outline, p.zolaIds)]));
  for (const section of content.sections.filter((s) => !anchors.has(s.rel))) {
    const outline = analyzeBody(section.front.body);
    anchors.set(section.rel, anchorsOf(outline, zolaHeadingIds(outline.headings, zola.config.slugify.anchors)));
  }

  for (const file of staticFiles) files.copies.set(file, path.join(zolaDir, 'static', file));
  if (staticFiles.length > 0) log.note('imported', { file: 'static/' }, 'static files', `${staticFiles.length} copied to public/ at the same URLs`);
  const bundled = new Map<string, string>();
  for (const { planned } of prepared) copyAssets(zolaDir, planned, files, bundled, log);
  convertSections(zolaDir, content, zola, plan, files, log);
  convertTaxonomies(content, zola, files, log);
  if (existsSync(path.join(zolaDir, 'templates'))) log.note('converted', { file: 'templates/' }, 'templates', 'galley renders with its editorial template; shortcodes are in the inventory');

  const targets = siteTargets(
    prepared.map((p) => ({ url: p.planned.url, draft: p.draft, ids: new Set(p.zolaIds), aliases: p.aliases, tags: p.tags })),
    files,
  );
  const fields = extraFields(prepared.map((p) => p.planned), log);
  const ctx = { permalinks: plan.permalinks, anchors, targets, fields, importedOn };
  // Before the pages are finished: an alias that loses its URL is left out of the header.
  checkCollisions(
    prepared.flatMap((p) => {
      const { page, url } = p.planned;
      const what = p.planned.kind === 'entry' ? 'an entry' : 'a page';
      const aliases = p.draft ? [] : p.aliases.map((alias) => ({ url: alias, file: page.file, what: 'an alias', drop: () => void p.aliases.splice(p.aliases.indexOf(alias), 1) }));
      return [{ url, file: page.file, what }, ...aliases];
    }),
    files,
    log,
  );
  const entries = prepared.map((p) => finishPage(p, ctx, log));
  const drawnSections = new Set(
    content.sections
      // A listing is what a section's template drew: galley's listing draws it now.
      .filter((s) => !prepared.some((p) => p.planned.page.rel === s.rel) && !files.listings.some((l) => l.section === s) && sectionUrl(s) !== '/' && isTemplateDrawn(s.meta.template, analyzeBody(s.front.body).tree))
      .map((s) => {
        log.needsPerson({ file: s.file, line: s.front.keyLines.get('template') ?? 1 }, sectionUrl(s), `Unexpected section drawn by its template \`${s.meta.template}\`, expected its content in the Markdown`, 'import-template-content', TEMPLATE_HINT);
        return sectionUrl(s);
      }),
  );
  const urls = mapUrls(before, { entries: prepared.map((p, i) => ({ ...p.planned, ...entries[i]! })), files, drawnSections });
  const siteConfig = siteConfigSource({ site, looseSections: options.looseSections ?? false, fields: fields.types, feeds: files.feeds, listings: files.listings, paginateBy: files.paginateBy, from: zola.file });
  return { siteConfig, fields: fields.types, entries, files, bundled, log, shortcodes, urls, before };
}

/**
 * A colocated page's files go beside the entry in its bundle (the build publishes them beside
 * it and processes its images), and stay at the old URL too when it moved.
 */
function copyAssets(zolaDir: string, planned: PlannedEntry, files: SiteFiles, bundled: Map<string, string>, log: ImportLog): void {
  const { page, url: newUrl, out } = planned;
  const oldUrl = planned.zola.path;
  for (const asset of page.assets) {
    const within = asset.slice(page.colocated!.length);
    const source = path.join(zolaDir, 'content', asset);
    files.copies.set(`${newUrl.slice(1)}${within}`, source);
    bundled.set(`${newUrl.slice(1)}${within}`, path.posix.join(path.posix.dirname(out), within));
    const keepOld = oldUrl !== newUrl && !page.meta.draft;
    if (keepOld) files.copies.set(`${oldUrl.slice(1)}${within}`, source);
    log.note('imported', { file: `content/${asset}` }, `${newUrl}${within}`, keepOld ? `colocated asset, in the bundle and also kept at ${oldUrl}${within}` : 'colocated asset, in the bundle');
  }
}

/** Today, or the day of SOURCE_DATE_EPOCH, so an import can be repeated byte for byte. */
export function importDay(env: NodeJS.ProcessEnv): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return new Date(env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? epoch * 1000 : Date.now()).toISOString().slice(0, 10);
}
