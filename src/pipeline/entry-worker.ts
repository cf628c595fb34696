// A worker thread of the entry pool: receives batches of sources, returns plain results.
import { parentPort, workerData } from 'node:worker_threads';
import type { EntrySource } from '../content/load-entries.ts';
import type { RenderContext } from '../render/render-context.ts';
import { takePhaseTimes } from './phase-times.ts';
import type { EntryOptions } from './process-entry.ts';
import { processSource } from './process-source.ts';

const { ctx, options } = workerData as { ctx: RenderContext; options: EntryOptions };

parentPort!.on('message', (batch: { id: number; sources: EntrySource[] }) => {
  const results = batch.sources.map((s) => processSource(s.source, s.text, ctx, options));
  parentPort!.postMessage({ id: batch.id, results, phases: takePhaseTimes() });
});
