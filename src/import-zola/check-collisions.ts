import type { SiteFiles } from './convert-sections.ts';
import type { ImportLog } from './import-log.ts';
import { urlForFile } from './url-for-file.ts';

export interface UrlClaim {
  url: string;
  /** The Zola file that asks for it. */
  file: string;
  what: string;
}

/**
 * Two things asking for one URL (an alias equal to another page's, a static file where a section
 * redirect goes) would make galley's front matter gate fail or one of them vanish: name both.
 */
export function checkCollisions(claims: readonly UrlClaim[], files: SiteFiles, log: ImportLog): void {
  const all = [
    ...claims,
    ...[...files.redirects.keys()].map((url) => ({ url, file: 'public/', what: 'a redirect page' })),
    ...[...files.copies.keys()].map((rel) => ({ url: urlForFile(rel), file: 'public/', what: `the file ${rel}` })),
  ];
  const first = new Map<string, UrlClaim>();
  for (const claim of all) {
    const owner = first.get(claim.url);
    if (!owner) {
      first.set(claim.url, claim);
      continue;
    }
    if (owner.file === claim.file && owner.what === claim.what) continue;
    log.needsPerson({ file: claim.file }, claim.url, `Unexpected second claim on ${claim.url} (${claim.what}), expected one page per URL (${owner.what} of ${owner.file} has it)`, 'import-url-collision', 'Remove one of the two aliases or files; galley serves each URL once.');
  }
}
