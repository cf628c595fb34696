import type { EntrySource } from '../content/load-entries.ts';
import type { RenderContext } from '../render/render-context.ts';
import { processEntry, type EntryResult } from './process-entry.ts';

/** Run the per-entry work for every source, in order. */
export async function renderEntries(sources: EntrySource[], ctx: RenderContext): Promise<EntryResult[]> {
  return sources.map((s) => processEntry(s.source, s.text, ctx));
}
