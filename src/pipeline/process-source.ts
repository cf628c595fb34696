import { isPageSource } from '../content/page-path.ts';
import { scanText } from '../leak/scan-text.ts';
import type { RenderContext } from '../render/render-context.ts';
import { timed } from './phase-times.ts';
import { processEntry, type EntryOptions, type EntryResult } from './process-entry.ts';
import { processPage } from './process-page.ts';

/** An entry of `content/entries/` or a page of `content/pages/`, by where its source is. */
export function processSource(source: string, text: string, ctx: RenderContext, options: EntryOptions = {}): EntryResult {
  const result = isPageSource(source, ctx.config.paths.content) ? processPage(source, text, ctx, options.diagrams) : processEntry(source, text, ctx, options.diagrams);
  if (options.scanLeaks && result.entry && result.html !== undefined) {
    const { outPath } = result.entry;
    result.leaks = timed('gates', () => scanText(outPath, result.html!, { allow: ctx.config.leak.allow }));
  }
  return result;
}
