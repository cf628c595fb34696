import type { Records } from '../cache/build-cache.ts';
import { bundleOf } from '../content/bundles.ts';
import { sha256 } from '../output/manifest.ts';
import type { Unchanged } from '../output/materialize.ts';
import type { RenderContext } from '../render/render-context.ts';
import type { CardSpec } from '../sharing/card-layout.ts';
import type { CardStore } from '../sharing/card-store.ts';
import { siteCard } from '../sharing/share-info.ts';
import { feedFromPage } from '../render/feed-content.ts';
import type { FeedBody } from '../render/site-pages.ts';
import type { BuildContext, OutputFile } from './gate.ts';
import type { EntryResult, Published } from './process-entry.ts';
import type { BundledFile, HashedFile } from './project-inputs.ts';

export interface PlannedTree extends Pick<BuildContext, 'outputs' | 'sources' | 'excludedDrafts'> {
  /** Bytes held in memory: every file but the entry pages reused from the last build. */
  contents: Map<string, string | Uint8Array>;
}

/** Where last build's pages are: a listing whose inputs did not change is kept, not rendered. */
export interface PagesCache {
  cache: Records;
  /** Hash of galley's code and the render context: part of every page's key. */
  salt: string;
  unchanged: Unchanged;
  /** A rendered page's HTML from where the build put it (staging, or the output it kept). */
  readPage: (rel: string, sha256: string) => string;
  /** The drawn cards, for the pages' generated images; none for a build that writes nothing (a card holds no finding). */
  cards?: CardStore | undefined;
}

// A reused entry or kept listing brings the same ids array to every build of a `galley dev`
// session: its set is made once, not 1,000 of them per save.
const idSets = new WeakMap<string[], Set<string>>();
function idSet(ids: string[]): Set<string> {
  let set = idSets.get(ids);
  if (!set) idSets.set(ids, (set = new Set(ids)));
  return set;
}

/**
 * Every output file with its hash, before anything is written: `public/` as is, then each
 * rendered entry and page (a bundle's files beside it), the listing and alias pages, the hashed assets. A path taken by an earlier
 * kind keeps it (a duplicate slug is reported by the front matter gate); assets always win.
 */
export async function planOutputs(ctx: RenderContext, entries: EntryResult[], publicFiles: Map<string, HashedFile>, bundleFiles: Map<string, BundledFile>, assetFiles: Map<string, Uint8Array>, kept: PagesCache): Promise<PlannedTree> {
  // The templates load only for a build that plans pages, not for one answered by the last build.
  const { sitePages } = await import('../render/site-pages.ts');
  const outputs = new Map<string, OutputFile>();
  const contents = new Map<string, string | Uint8Array>();
  const sources = new Map<string, string>();
  const excludedDrafts = new Map<string, string>();
  const add = (rel: string, data: string | Uint8Array, extra: Partial<OutputFile> = {}) => {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    outputs.set(rel, { sha256: sha256(bytes), size: bytes.length, ...extra });
    contents.set(rel, data);
  };
  for (const [rel, file] of publicFiles) {
    outputs.set(rel, { sha256: file.sha256, size: file.bytes.length });
    contents.set(rel, file.bytes);
  }
  const published: Extract<Published, { kind: 'entry' }>[] = [];
  const pages: Extract<Published, { kind: 'page' }>[] = [];
  const feeds = new FeedSources(ctx, kept.readPage);
  const cards: CardSpec[] = [];
  const bundles = byBundle(bundleFiles);
  const intros = new Map<string, string>();
  for (const r of entries) {
    if (!r.entry) continue;
    if (!r.page) {
      excludedDrafts.set(r.entry.url, r.source);
      continue;
    }
    if (r.intro !== undefined && !intros.has(r.entry.url)) {
      // Written as the listing's first page, which its findings (a leak) are traced to.
      intros.set(r.entry.url, r.intro);
      sources.set(r.entry.outPath, r.source);
      if (r.entry.kind === 'page') pages.push(r.entry);
      continue;
    }
    if (outputs.has(r.entry.outPath)) continue;
    outputs.set(r.entry.outPath, { ...r.page, ids: idSet(r.ids), draft: r.entry.draft });
    if (r.html !== undefined) contents.set(r.entry.outPath, r.html);
    sources.set(r.entry.outPath, r.source);
    const dir = r.entry.outPath.slice(0, -'index.html'.length);
    for (const [source, file] of bundles.get(bundleOf(r.source) ?? '') ?? []) {
      if (outputs.has(dir + file.rel)) continue;
      outputs.set(dir + file.rel, { sha256: file.sha256, size: file.bytes.length });
      contents.set(dir + file.rel, file.bytes);
      sources.set(dir + file.rel, source);
    }
    if (r.entry.kind === 'entry') published.push(r.entry);
    else pages.push(r.entry);
    if (r.entry.kind === 'entry') feeds.add(r);
    if (r.card) cards.push(r.card);
  }
  for (const [rel, spec] of sitePages(ctx, published, pages, feeds, intros)) {
    if (outputs.has(rel)) continue;
    const key = sha256(`${kept.salt}\0${rel}\0${JSON.stringify(spec.inputs)}`);
    const record = kept.cache.pages.get(key);
    const redirect = spec.redirect ? { redirect: spec.redirect } : {};
    if (record && kept.unchanged(rel, record.sha256)) {
      outputs.set(rel, { sha256: record.sha256, size: record.size, ...(record.ids ? { ids: idSet(record.ids) } : {}), ...redirect });
    } else {
      const page = spec.render();
      add(rel, page.text, { ...(page.ids ? { ids: new Set(page.ids) } : {}), ...redirect });
      const { sha256: hash, size } = outputs.get(rel)!;
      kept.cache.pages.set(key, { sha256: hash, size, ...(page.ids ? { ids: page.ids } : {}) });
    }
    if (spec.redirect) sources.set(rel, sources.get(spec.redirect)!);
  }
  if (kept.cards) {
    // The listings name the site's card (layout.ts), whichever of them this build renders.
    const site = siteCard(ctx);
    await planCards(site ? [...cards, site] : cards, kept.cards, kept, outputs, add);
  }
  for (const [rel, bytes] of assetFiles) add(rel, bytes);
  feeds.forgetUnused();
  return { outputs, contents, sources, excludedDrafts };
}

/** Bundle files by their bundle folder. */
function byBundle(files: Map<string, BundledFile>): Map<string, [string, BundledFile][]> {
  const bundles = new Map<string, [string, BundledFile][]>();
  for (const [source, file] of files) bundles.set(file.bundle, [...(bundles.get(file.bundle) ?? []), [source, file]]);
  return bundles;
}

/**
 * Each card the pages name. Its key names its bytes, so a card still in the output as it was
 * written is kept unread; another comes from the card store, drawn there if it must be.
 */
async function planCards(cards: CardSpec[], store: CardStore, kept: PagesCache, outputs: Map<string, OutputFile>, add: (rel: string, data: Uint8Array) => void): Promise<void> {
  for (const card of cards) {
    if (outputs.has(card.path)) continue;
    const key = sha256(`card\0${card.key}`);
    const record = kept.cache.pages.get(key);
    if (record && kept.unchanged(card.path, record.sha256)) {
      outputs.set(card.path, { sha256: record.sha256, size: record.size });
      continue;
    }
    add(card.path, await store.get(card));
    const { sha256: hash, size } = outputs.get(card.path)!;
    kept.cache.pages.set(key, { sha256: hash, size });
  }
}

/**
 * The entries' feed articles. Only those a feed carries stay in their results (and so in the
 * cache's records): 4,000 of them were 33 MB of a 41 MB cache. One that enters a feed later
 * (a newer entry deleted) is cut from its page as written, the way the worker cut it.
 */
class FeedSources {
  private readonly results = new Map<string, EntryResult & { entry: Published; page: { sha256: string } }>();
  private readonly carried = new Set<string>();

  constructor(
    private readonly ctx: RenderContext,
    private readonly readPage: (rel: string, sha256: string) => string,
  ) {}

  add(r: EntryResult): void {
    if (r.entry && r.page) this.results.set(r.entry.url, r as EntryResult & { entry: Published; page: { sha256: string } });
  }

  get(url: string): FeedBody | undefined {
    const r = this.results.get(url);
    if (!r) return undefined;
    this.carried.add(url);
    return { sha256: r.page.sha256, html: () => (r.feed ??= feedFromPage(r.html ?? this.readPage(r.entry.outPath, r.page.sha256), url, this.ctx.config.site.baseUrl)) };
  }

  forgetUnused(): void {
    for (const [url, r] of this.results) if (!this.carried.has(url)) delete r.feed;
  }
}
