import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';

// Fewer words than this and a template of its own: what readers saw was drawn by the template
// (a résumé from [extra], an archive, a gallery, a list of `{{ url() }}` lines), not the text.
const FEW_WORDS = 40;

/** Whether a page or section with `template` set shows little of its own Markdown. */
export function isTemplateDrawn(template: string | undefined, tree: Root): boolean {
  if (!template) return false;
  const text = toString(tree, { includeHtml: false }).replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, ' ');
  return text.split(/\s+/).filter((w) => /\w/.test(w)).length < FEW_WORDS;
}

export const TEMPLATE_HINT = "Zola's template drew what readers saw; galley renders the Markdown only. Write what the template showed into the Markdown, or leave the page out.";
