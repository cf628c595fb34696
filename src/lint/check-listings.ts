import type { Point } from 'unist';
import type { VFile } from 'vfile';
import type { ListingConfig } from '../config/schema.ts';
import { emit } from '../report/emit.ts';

/** Each of an entry's `listings` is a listing of site.config.ts, or the entry would be listed nowhere it says. */
export function checkListings(listings: string[], declared: ListingConfig[], place: (path: PropertyKey[]) => Point, file: VFile): void {
  const paths = declared.map((l) => l.path);
  listings.forEach((listing, i) => {
    if (paths.includes(listing)) return;
    emit(file, `Unexpected listing \`${listing}\`, expected one of the site's listings${paths.length > 0 ? ` (${paths.map((p) => `\`${p}\``).join(', ')})` : ' (there are none)'}`, {
      place: place(['listings', i]),
      ruleId: 'frontmatter-unknown-listing',
      source: 'frontmatter',
      hint: 'Add it to `listings` of site.config.ts (`{ path, title }`), or remove it from the entry.',
    });
  });
}
