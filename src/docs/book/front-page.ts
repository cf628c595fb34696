import { code, table, text } from '../markdown-text.ts';
import type { DocsPage } from '../render-cluster.ts';

/** One input of the book and the revision it was read at. */
export interface BookInput {
  name: string;
  what: string;
  revision: string;
}

/**
 * The book's front page (`index.md`, an unnumbered prefix chapter): what the book is, and every
 * input with its revision, so a reader can tell which commit of which tree a page describes.
 */
export function frontPage(title: string, provenance: string, inputs: BookInput[], has: { cluster: boolean; fleet: boolean }): DocsPage[] {
  const markdown = [
    `# ${text(title)}`, '',
    `> ${provenance}`, '',
    ...describe(has),
    'It never shows addresses, user names, keys, Helm values or secret contents; a leak gate checks',
    'every page before the book is written.', '',
    '## Inputs', '',
    table(['input', 'what', 'revision'], inputs.map((i) => [text(i.name), text(i.what), code(i.revision)])), '',
    'Use ← and → to turn pages, s or / to search; the whole book is also [on one page](print.html) for printing.', '',
  ].join('\n');
  return [
    { path: 'SUMMARY.md', markdown: '[Introduction](index.md)\n' },
    { path: 'index.md', markdown },
  ];
}

/** What the book is, from the chapters it has: no word of a chapter that was not asked for. */
function describe(has: { cluster: boolean; fleet: boolean }): string[] {
  if (has.cluster && has.fleet) {
    return [
      'This book describes the cluster and the fleet by role: what runs where, which versions, which',
      'schedules. It is generated from the GitOps repository that Flux reconciles and from the fleet',
      'projection of the hosts\' Nix configuration.',
    ];
  }
  if (has.cluster) return ['This book describes the cluster: what Flux runs where, which charts and versions. It is', 'generated from the GitOps repository that Flux reconciles.'];
  if (has.fleet) return ['This book describes the fleet by role: packages, services and schedules. It is generated from', 'the fleet projection of the hosts\' Nix configuration.'];
  return ['This book gathers the hand-written chapters listed below.'];
}
