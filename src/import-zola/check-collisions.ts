import type { SiteFiles } from './convert-sections.ts';
import type { ImportLog } from './import-log.ts';
import { urlForFile } from './url-for-file.ts';

export interface UrlClaim {
  url: string;
  /** The Zola file that asks for it. */
  file: string;
  what: string;
  /** Leave this claim out of what is written; absent for a page's own URL, which cannot move. */
  drop?: () => void;
}

/**
 * Two things asking for one URL (an alias equal to another page's, a taxonomy's redirect where a
 * page is) would make galley's front matter gate fail or one of them vanish. The first claim keeps
 * the URL: each later one is left out of what is written, and named with both files.
 */
export function checkCollisions(claims: readonly UrlClaim[], files: SiteFiles, log: ImportLog): void {
  const all: UrlClaim[] = [
    ...claims,
    ...[...files.redirects.keys()].map((url) => ({ url, file: 'public/', what: 'a redirect page', drop: () => void files.redirects.delete(url) })),
    ...[...files.copies.keys()].map((rel) => ({ url: urlForFile(rel), file: 'public/', what: `the file ${rel}`, drop: () => void files.copies.delete(rel) })),
  ];
  const first = new Map<string, UrlClaim>();
  for (const claim of all) {
    const owner = first.get(claim.url);
    if (!owner) {
      first.set(claim.url, claim);
      continue;
    }
    if (owner.file === claim.file && owner.what === claim.what) continue;
    // A page's own URL outranks what came first only as an alias or a file: those give way.
    const [keep, lose] = !claim.drop && owner.drop ? [claim, owner] : [owner, claim];
    if (keep === claim) first.set(claim.url, claim);
    lose.drop?.();
    log.needsPerson(
      { file: lose.file },
      claim.url,
      `Unexpected second claim on ${claim.url} (${lose.what}), expected one page per URL (${keep.what} of ${keep.file} has it)`,
      'import-url-collision',
      lose.drop ? `Not written: galley serves each URL once, here ${keep.what}. Move one of the two if both should stay.` : 'Remove one of the two aliases or files; galley serves each URL once.',
    );
  }
}
