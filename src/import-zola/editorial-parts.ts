import { slugify } from '../markdown/slugify.ts';
import type { BodyOutline, BodySection } from './analyze-body.ts';

/** A required section of the editorial template (design §2), matched by id or heading slug. */
export interface RequiredSection {
  id: string;
  title: string;
}

// The template's defaults; the skeptic's view comes before the one concrete action.
export const SKEPTIC: RequiredSection = { id: 'the-skeptic-s-view', title: "The skeptic's view" };
export const ACTION: RequiredSection = { id: 'one-concrete-action', title: 'One concrete action' };

const find = (outline: BodyOutline, part: RequiredSection): number =>
  outline.sections.findIndex((s) => (s.heading.explicitId ?? slugify(s.heading.text)) === part.id);

/** What an imported entry lacks of the editorial template; empty when it can be published. */
export function missingParts(outline: BodyOutline, verifications: number): string[] {
  const missing: string[] = [];
  if (!outline.lede.some((n) => n.type === 'paragraph')) missing.push('a lede (a paragraph before the first `##` section)');
  const skeptic = find(outline, SKEPTIC);
  const action = find(outline, ACTION);
  if (skeptic < 0) missing.push(`a \`## ${SKEPTIC.title}\` section`);
  if (action < 0) missing.push(`a \`## ${ACTION.title}\` section`);
  else if (!isOneAction(outline.sections[action]!)) missing.push(`exactly one action under \`## ${ACTION.title}\` (one list item or one paragraph)`);
  if (skeptic >= 0 && action >= 0 && skeptic > action) missing.push(`\`${SKEPTIC.title}\` before \`${ACTION.title}\``);
  if (verifications === 0) missing.push('a `verification` item (claim and method)');
  return missing;
}

function isOneAction(section: BodySection): boolean {
  const blocks = section.blocks.filter((b) => b.type !== 'html');
  if (blocks.length !== 1) return false;
  const only = blocks[0]!;
  return only.type === 'paragraph' || (only.type === 'list' && only.children.length === 1);
}
