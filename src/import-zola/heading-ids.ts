import { slugify } from '../markdown/slugify.ts';
import type { BodyHeading } from './analyze-body.ts';
import type { Edit } from './edit-text.ts';
import { slugifyAnchor, uniqueAnchor, type SlugifyStrategy } from './zola-slugs.ts';

/** The ids Zola gives a page's headings: explicit ones first, then slugs made unique in order. */
export function zolaHeadingIds(headings: readonly BodyHeading[], strategy: SlugifyStrategy): string[] {
  const taken = new Set(headings.flatMap((h) => (h.explicitId ? [h.explicitId] : [])));
  return headings.map((h) => {
    const id = h.explicitId ?? uniqueAnchor(taken, slugifyAnchor(h.text, strategy));
    taken.add(id);
    return id;
  });
}

/**
 * Where galley's own id for a heading (design §2: explicit, else the slug, repeats numbered)
 * would differ from Zola's, write Zola's id explicitly, so `#fragment` links keep landing.
 */
export function keepHeadingIds(headings: readonly BodyHeading[], zolaIds: readonly string[]): Edit[] {
  const taken = new Set<string>();
  const edits: Edit[] = [];
  headings.forEach((h, i) => {
    const zolaId = zolaIds[i]!;
    const galleyId = h.explicitId ?? uniqueAnchor(taken, slugify(h.galleyText) || 'section');
    taken.add(h.explicitId ?? (galleyId === zolaId ? galleyId : zolaId));
    if (!h.explicitId && galleyId !== zolaId) edits.push({ start: h.idOffset, end: h.idOffset, text: ` {#${zolaId}}` });
  });
  return edits;
}
