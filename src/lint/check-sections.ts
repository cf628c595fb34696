import type { Heading, Root, RootContent } from 'mdast';
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import type { Config } from '../config/schema.ts';
import type { HeadingInfo } from '../markdown/heading-ids.ts';
import { emit } from '../report/emit.ts';

const SOURCE = 'sections';

/** A `##` section: its heading, the role it matched (`skeptic`, `action`...), its body nodes. */
export interface SectionInfo {
  heading: HeadingInfo;
  role: string | undefined;
  body: RootContent[];
}

/**
 * The rigid template's rules over the entry body: a lede before the first section; the
 * required sections present once each and in the configured order; exactly one action;
 * no skipped heading levels (the title is the only `#`). An imported entry (writing that
 * predates the template, `editorial: false`) is held to the heading levels only.
 */
export function checkSections(tree: Root, headings: HeadingInfo[], file: VFile, config: Config['sections'], { editorial = true } = {}): SectionInfo[] {
  const sections = splitSections(tree, headings, config);
  if (editorial) checkLede(tree, file, sections);
  checkHeadingLevels(headings, file);
  if (!editorial) return sections;
  checkRequired(tree, file, sections, config);
  const action = sections.find((s) => s.role === config.action);
  if (action) checkAction(file, action);
  return sections;
}

function normalize(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
}

function splitSections(tree: Root, headings: HeadingInfo[], config: Config['sections']): SectionInfo[] {
  const byNode = new Map(headings.map((h) => [h.node as RootContent, h]));
  const sections: SectionInfo[] = [];
  for (const node of tree.children) {
    const info = byNode.get(node);
    if (info && info.depth <= 2) {
      const role = config.required.find((r) => r.id === info.id || normalize(r.heading) === normalize(info.text))?.role;
      sections.push({ heading: info, role: info.depth === 2 ? role : undefined, body: [] });
    } else if (sections.length > 0 && !isHeader(node)) {
      sections.at(-1)!.body.push(node);
    }
  }
  return sections;
}

function checkLede(tree: Root, file: VFile, sections: SectionInfo[]): void {
  const firstSection = sections[0]?.heading.node;
  let hasLede = false;
  for (const node of tree.children) {
    if (node === firstSection) break;
    if (node.type === 'paragraph') hasLede = true;
  }
  if (hasLede) return;
  emit(file, 'Unexpected entry without a lede, expected a paragraph before the first `##` section', {
    place: firstSection ?? endOf(tree),
    ruleId: 'section-lede-missing',
    source: SOURCE,
    hint: 'Write one or two paragraphs that say what the entry is about, right after the front matter.',
  });
}

/** No `#` in the body (the title is the page's only one) and no skipped level; pages keep this rule too. */
export function checkHeadingLevels(headings: HeadingInfo[], file: VFile): void {
  let previous = 1;
  for (const h of headings) {
    if (h.depth === 1) {
      emit(file, 'Unexpected `#` heading in the body, expected `##` sections (the title is the only `#`)', {
        place: h.node,
        ruleId: 'section-heading-h1',
        source: SOURCE,
        hint: 'Use `##` for a section; the title comes from the front matter.',
      });
    } else if (h.depth > previous + 1) {
      emit(file, `Unexpected heading level ${h.depth} after level ${previous}, expected at most ${previous + 1}`, {
        place: h.node,
        ruleId: 'section-heading-skip',
        source: SOURCE,
        hint: `Use ${'#'.repeat(previous + 1)} here, or add the missing level above it.`,
      });
    }
    previous = h.depth;
  }
}

function checkRequired(tree: Root, file: VFile, sections: SectionInfo[], config: Config['sections']): void {
  let lastIndex = -1;
  let lastRole: string | undefined;
  for (const required of config.required) {
    const matches = sections.filter((s) => s.role === required.role);
    if (matches.length === 0) {
      emit(file, `Unexpected entry without the section “${required.heading}”, expected it once`, {
        place: endOf(tree),
        ruleId: 'section-missing',
        source: SOURCE,
        hint: `Add \`## ${required.heading}\` (or a heading with the id \`${required.id}\`).`,
      });
      continue;
    }
    for (const extra of matches.slice(1)) {
      emit(file, `Unexpected second section “${required.heading}”, expected it once`, {
        place: extra.heading.node,
        ruleId: 'section-duplicate',
        source: SOURCE,
        hint: 'Merge the two sections into one.',
      });
    }
    const index = sections.indexOf(matches[0]!);
    if (index < lastIndex) {
      emit(file, `Unexpected section “${required.heading}” before the ${lastRole} section, expected it after`, {
        place: matches[0]!.heading.node,
        ruleId: 'section-order',
        source: SOURCE,
        hint: `Move it below the ${lastRole} section; the order is set by \`sections.required\`.`,
      });
    }
    lastIndex = Math.max(lastIndex, index);
    lastRole = required.role;
  }
}

const ACTION_HINT =
  'One action is one paragraph, or prose that introduces one list of one item (the item is the action); ' +
  'keep the single most useful step and move the rest into a section.';

/**
 * One action: one paragraph, or any prose introducing exactly one list of exactly one item
 * ("Before the next publish:" then `1. Run …` is how people write it). Two items, two lists,
 * prose after the list, or two paragraphs with no list are more than one.
 */
function checkAction(file: VFile, action: SectionInfo): void {
  const lists = action.body.filter((node) => node.type === 'list');
  const paragraphs = action.body.filter((node) => node.type === 'paragraph');
  const report = (message: string, place: Heading | RootContent) =>
    emit(file, message, { place, ruleId: 'section-action-count', source: SOURCE, hint: ACTION_HINT });
  const name = `“${action.heading.text}”`;
  if (lists.length === 0) {
    if (paragraphs.length === 1) return;
    report(`Unexpected ${paragraphs.length} actions in ${name}, expected exactly one`, paragraphs[1] ?? action.heading.node);
    return;
  }
  if (lists.length > 1) {
    report(`Unexpected ${lists.length} lists in ${name}, expected one list of one item`, lists[1]!);
    return;
  }
  const list = lists[0]!;
  if (list.children.length > 1) {
    report(`Unexpected ${list.children.length} actions in ${name}, expected exactly one`, list.children[1] as unknown as RootContent);
    return;
  }
  const after = paragraphs.find((p) => p.position!.start.offset! > list.position!.end.offset!);
  if (after) report(`Unexpected paragraph after the action's list in ${name}, expected the list item to be the action`, after);
}

function endOf(tree: Root): Point {
  return tree.position?.end ?? { line: 1, column: 1 };
}

function isHeader(node: RootContent): boolean {
  return node.type === 'yaml' || (node.type as string) === 'toml';
}
