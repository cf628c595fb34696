import type { ZolaContent, ZolaPage, ZolaSection } from './read-content.ts';
import { sectionPage } from './section-page.ts';
import { sectionPages, sectionUrl } from './zola-urls.ts';

/** A Zola section that becomes a galley listing (`listings` of site.config.ts) at its URL. */
export interface SectionListing {
  path: string;
  title: string;
  description?: string | undefined;
  /** The section's own `paginate_by`: Zola pages each section by its own. */
  paginateBy?: number | undefined;
  section: ZolaSection;
}

/**
 * The sections whose page Zola draws as a list of their pages, and whose listed pages include
 * entries: a listing of those entries fits them. The site's index is galley's index; a section
 * with text is a page, and one that is also paginated a listing whose intro is that page (Zola
 * draws the text above the list, and its pagers are pages); one that redirects or is not
 * rendered has no list to keep.
 */
export function sectionListings(content: ZolaContent, isEntry: (page: ZolaPage) => boolean): SectionListing[] {
  const published = { ...content, pages: content.pages.filter((p) => !p.meta.draft) };
  return content.sections
    .filter((s) => sectionUrl(s) !== '/' && s.meta.render && !s.meta.redirect_to && !s.meta.draft && (!sectionPage(s) || (s.meta.paginate_by ?? 0) > 0))
    .filter((s) => sectionPages(s, published).some(isEntry))
    .map((section) => ({
      path: sectionUrl(section),
      title: section.meta.title ?? section.components.at(-1)!,
      description: section.meta.description,
      paginateBy: section.meta.paginate_by || undefined,
      section,
    }));
}

/** The listings a page is in: its section's, and each transparent ancestor's parent's, as Zola lists it. */
export function listingsOf(page: ZolaPage, listings: readonly SectionListing[], content: ZolaContent): string[] {
  return listings.filter((l) => sectionPages(l.section, content).includes(page)).map((l) => l.path);
}
