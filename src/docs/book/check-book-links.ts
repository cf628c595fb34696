import { resolveLink } from '../../links/resolve-link.ts';
import type { OutgoingLink } from '../../links/extract-links.ts';
import { didYouMean } from '../../report/did-you-mean.ts';
import type { Finding } from '../../report/finding.ts';

/** A chapter as the link gate sees it: its page, its source for placing findings, its links. */
export interface LinkedChapter {
  outPath: string;
  file: string;
  links: OutgoingLink[];
}

/**
 * The site's link rule over the book, after every page is rendered: a relative link lands on a
 * page or file of the book, and its `#fragment` is an id there. External links are not fetched.
 */
export function checkBookLinks(chapters: LinkedChapter[], outputs: Map<string, ReadonlySet<string> | undefined>): Finding[] {
  const findings: Finding[] = [];
  for (const chapter of chapters) {
    for (const link of chapter.links) {
      if (link.url.startsWith('/')) {
        findings.push(finding(chapter, link, 'book-link-absolute', `Unexpected site-absolute link \`${link.url}\`, expected a link relative to the chapter`, 'The book is served under a prefix (`/docs/`); write `other.md` or `../dir/page.md`.'));
        continue;
      }
      const resolved = resolveLink(link.url, `/${chapter.outPath}`, (p) => outputs.has(p));
      if (resolved.kind === 'external') continue;
      if (!resolved.outPath) {
        findings.push(finding(chapter, link, 'book-link-missing', `Unexpected link to \`${link.url}\` that is not in the book, expected a chapter listed in SUMMARY.md or a file of the book`, 'Add the chapter to SUMMARY.md, or fix the path (relative to this chapter).'));
        continue;
      }
      const ids = outputs.get(resolved.outPath);
      if (!resolved.fragment || !ids || ids.has(resolved.fragment)) continue;
      const suggestion = didYouMean(resolved.fragment, ids);
      findings.push(finding(chapter, link, 'book-link-fragment', `Unexpected fragment \`#${resolved.fragment}\` that is not an id on \`${resolved.outPath}\`, expected an existing heading id`, suggestion ? `Did you mean \`#${suggestion}\`?` : 'Heading ids are the slug of the heading text, or its `{#id}`.'));
    }
  }
  return findings;
}

function finding(chapter: LinkedChapter, link: OutgoingLink, ruleId: string, message: string, hint: string): Finding {
  return { file: chapter.file, line: link.line, column: link.column, severity: 'error', source: 'book', ruleId, message, hint };
}
