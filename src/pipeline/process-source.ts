import { isPageSource } from '../content/page-path.ts';
import type { RenderContext } from '../render/render-context.ts';
import { processEntry, type EntryResult } from './process-entry.ts';
import { processPage } from './process-page.ts';

/** An entry of `content/entries/` or a page of `content/pages/`, by where its source is. */
export function processSource(source: string, text: string, ctx: RenderContext): EntryResult {
  return isPageSource(source, ctx.config.paths.content) ? processPage(source, text, ctx) : processEntry(source, text, ctx);
}
