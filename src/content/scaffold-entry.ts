import type { Config } from '../config/schema.ts';

/**
 * A new entry that passes every gate except its `TODO` parts (each one a `*-placeholder`
 * finding): summary, verification claim and method, the lede, each section's text, the
 * skeptic's view and the action. It starts as a draft, so builds without `--drafts` skip it.
 */
export function scaffoldEntry(title: string, date: string, config: Config): string {
  const required = config.sections.required;
  const lines = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `date: ${date}`,
    'tags: []',
    'summary: "TODO: one sentence that says what a reader gets from this entry."',
    'verification:',
    '  - claim: "TODO: a claim the entry makes."',
    '    method: "TODO: how you checked it (a command and what it printed)."',
    'draft: true',
    '---',
    'TODO: the lede, one or two paragraphs on what this entry is about and why it matters.',
    '',
    '## What happened',
    '',
    'TODO: the first section.',
    '',
  ];
  for (const section of required) {
    const placeholder = section.role === config.sections.action ? 'TODO: the one concrete step a reader can take next.' : `TODO: ${section.heading}.`;
    lines.push(`## ${section.heading}`, '', placeholder, '');
  }
  return lines.join('\n');
}

/** A new page (`galley new --page`): a title and a `TODO` body, a draft like a new entry. */
export function scaffoldPage(title: string): string {
  return ['---', `title: ${JSON.stringify(title)}`, 'draft: true', '---', 'TODO: the text of the page.', ''].join('\n');
}
