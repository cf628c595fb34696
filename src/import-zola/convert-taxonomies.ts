import { slugify } from '../markdown/slugify.ts';
import { pagerUrl } from '../render/pager-url.ts';
import { keepPager, type SiteFiles } from './convert-sections.ts';
import type { ImportLog } from './import-log.ts';
import type { ZolaContent, ZolaPage } from './read-content.ts';
import type { LoadedZolaConfig } from './zola-config.ts';
import { slugifyPath } from './zola-slugs.ts';

// galley has one taxonomy, tags, served at /tags/<slug>/ (design §3).
const TAGS = 'tags';

/** An entry's tags: its Zola `tags` first, then the terms of every other taxonomy. */
export function tagsOf(page: ZolaPage, zola: LoadedZolaConfig, log: ImportLog): string[] {
  const declared = zola.config.taxonomies.map((t) => t.name);
  const order = [TAGS, ...declared.filter((n) => n !== TAGS)];
  for (const name of Object.keys(page.meta.taxonomies).filter((n) => !declared.includes(n))) {
    log.needsPerson({ file: page.file, line: page.front.keyLines.get(`taxonomies.${name}`) ?? page.front.keyLines.get('taxonomies') ?? 1 }, `taxonomy \`${name}\``, `Unexpected taxonomy \`${name}\`, expected one declared in ${zola.file}`, 'import-taxonomy', `Zola refuses it too; declare it or remove it. Its terms (${page.meta.taxonomies[name]!.join(', ')}) were imported as tags.`);
  }
  const tags = [...order, ...Object.keys(page.meta.taxonomies).filter((n) => !order.includes(n))].flatMap((n) => page.meta.taxonomies[n] ?? []);
  return tags.filter((t, i) => tags.indexOf(t) === i);
}

/**
 * Taxonomy URLs: Zola's `tags` terms land where galley's tag pages are when the slug rule agrees;
 * every other list, term and pager gets a redirect page to the matching tag page.
 */
export function convertTaxonomies(content: ZolaContent, zola: LoadedZolaConfig, out: SiteFiles, log: ImportLog): void {
  const { config } = zola;
  const root = config.taxonomy_root ? `/${config.taxonomy_root}` : '';
  const published = content.pages.filter((p) => !p.meta.draft);
  for (const taxonomy of config.taxonomies) {
    const at = { file: zola.file, line: lineOfTaxonomy(zola.source, taxonomy.name) };
    const terms = new Map<string, { name: string; count: number }>();
    for (const page of published) {
      for (const term of page.meta.taxonomies[taxonomy.name] ?? []) {
        const slug = slugifyPath(term, config.slugify.taxonomies);
        terms.set(slug, { name: term, count: (terms.get(slug)?.count ?? 0) + 1 });
      }
    }
    if (!taxonomy.render || terms.size === 0) continue;
    const base = `${root}/${slugifyPath(taxonomy.name, config.slugify.taxonomies)}/`;
    const redirect = (from: string, to: string, what: string): void => {
      if (from === to) return;
      out.redirects.set(from, to);
      log.note('aliased', at, from, `${what}, redirects to ${to}`);
    };
    if (base === `/${TAGS}/`) log.note('imported', at, base, "galley's tag index");
    else redirect(base, '/', `taxonomy \`${taxonomy.name}\` list`);
    for (const [slug, term] of terms) {
      const from = `${base}${slug}/`;
      const to = `/${TAGS}/${slugify(term.name)}/`;
      if (from === to) log.note('imported', at, from, "galley's tag page (served while a published entry has the tag)");
      else redirect(from, to, `term \`${term.name}\``);
      if (taxonomy.paginate_by) {
        const pagers = Math.max(1, Math.ceil(term.count / taxonomy.paginate_by));
        // galley's tag page lists at least the term's entries; paginated alike, each pager is one of its pages.
        if (from === to) out.paginateBy ??= taxonomy.paginate_by;
        const same = from === to && taxonomy.paginate_by === out.paginateBy;
        for (let n = 1; n <= pagers; n++) {
          if (same) keepPager(`${from}${taxonomy.paginate_path}/${n}/`, pagerUrl(to, n), out, log, at);
          else redirect(`${from}${taxonomy.paginate_path}/${n}/`, to, 'pager');
        }
      }
      if (taxonomy.feed) {
        for (const feed of zola.feedNames) {
          out.feeds.set(`${from}${feed}`, { tag: term.name });
          log.note('converted', at, `${from}${feed}`, `term feed: galley's feed of the tag \`${term.name}\` is written there`);
        }
      }
    }
    if (taxonomy.name !== TAGS) log.note('converted', at, `taxonomy \`${taxonomy.name}\``, 'its terms are imported as tags');
  }
}

function lineOfTaxonomy(source: string, name: string): number {
  const index = source.split('\n').findIndex((l) => l.includes(`"${name}"`) || l.includes(`'${name}'`));
  return index < 0 ? 1 : index + 1;
}
