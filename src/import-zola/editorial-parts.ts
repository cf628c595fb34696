import { VFile } from 'vfile';
import { configSchema, type Config } from '../config/schema.ts';
import { checkSections } from '../lint/check-sections.ts';
import { assignHeadingIds } from '../markdown/heading-ids.ts';
import { parseMarkdown } from '../markdown/parse-markdown.ts';

export type SectionSpec = Config['sections'];

/** The editorial template's defaults (design §2): the skeptic's view, then one concrete action. */
export const DEFAULT_SECTIONS: SectionSpec = configSchema.parse({}).sections;
/** The looser spec `--loose-sections` writes: no required sections (a lede is still needed). */
export const LOOSE_SECTIONS: SectionSpec = { ...DEFAULT_SECTIONS, required: [] };

export interface MissingPart {
  /** 1-based line in the body where the build would report it; 0 for a header key. */
  line: number;
  message: string;
  /** The header key a header finding is about. */
  key?: string;
  /** The build's rule for a body finding (`section-lede-missing`). */
  ruleId?: string;
}

/**
 * What keeps an imported body from being published, found by the very checks `galley build`
 * runs on entries (heading ids, then the sections gate), so the import drafts exactly the
 * entries the build would refuse. A verification item is checked here too: the header needs one.
 */
export function missingParts(body: string, verifications: number, spec: SectionSpec): MissingPart[] {
  const file = new VFile({ value: body });
  const tree = parseMarkdown(file);
  checkSections(tree, assignHeadingIds(tree, file), file, spec);
  const missing: MissingPart[] = file.messages.map((m) => ({ line: m.line ?? 1, message: m.reason, ...(m.ruleId ? { ruleId: m.ruleId } : {}) }));
  if (verifications === 0) missing.push({ line: 0, key: 'extra.verification', message: 'Unexpected entry without a `verification` item in `[extra]`, expected at least one claim and method' });
  return missing;
}
