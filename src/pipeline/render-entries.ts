import os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { EntrySource } from '../content/load-entries.ts';
import type { RenderContext } from '../render/render-context.ts';
import { addPhaseTimes, type PhaseTimes } from './phase-times.ts';
import type { EntryOptions, EntryResult } from './process-entry.ts';

export interface RenderOptions {
  /** Worker threads to use; default `defaultWorkers`. */
  workers?: number;
  /** Called with each result as soon as it exists (e.g. to write it while others render). */
  onResult?: (result: EntryResult) => Promise<void> | void;
  /** For each entry's own work (`processEntry`). */
  entry?: EntryOptions;
}

// Below this many entries, starting workers (each loads the parser anew) costs more than it saves.
export const WORKER_THRESHOLD = 200;
const BATCH = 16;
// Pages handed to `onResult` and not yet done, beyond which no more are rendered.
const MAX_IN_FLIGHT = 64;
// The parser allocates many short-lived objects; a larger young generation than the default means
// far fewer scavenges. One worker gets 32 MB (the same CPU as 64 MB, peak 431 MB instead of 507 MB);
// two get 16 MB each, so the process stays under the 500 MB goal: 442 MiB against 514 MiB with 32 MB,
// for about 12 % more CPU (`npm run bench -- build`, 4,000 entries).
const workerLimits = (workers: number) => ({ maxYoungGenerationSizeMb: workers > 1 ? 16 : 32 });
// V8 scavenges a young generation with helper threads; with a worker on every core there is no
// idle core for them and they only contend with the workers. Two workers parsing the 1,000-entry
// corpus twice each took 13.2–14.0 s without them against 16.5–17.9 s with them (one worker, with
// a core to spare: 10.6–13.4 s either way); whole 4,000-entry builds with two workers were 3–4 %
// faster in the same runs. The flag is process-wide and read at each scavenge.
const NO_PARALLEL_SCAVENGE = '--no-parallel-scavenge';

/**
 * None below WORKER_THRESHOLD entries, else one per core: the main thread's share (writing pages as
 * they come, the listings, the gates) is small beside the parse. On the idle 2-core bench machine,
 * at 4,000 entries, two workers were 1.69× faster than one (21.3 s against 36.1 s, 514 MiB with a
 * 32 MB young generation) and 1.35× with 16 MB each (442 MiB) while the machine was noisier; under
 * load from other processes, two were slower than one (0.78–0.85×). Two is the default for an
 * idle machine; GALLEY_WORKERS=1 suits a busy one.
 */
export function defaultWorkers(entries: number): number {
  return entries >= WORKER_THRESHOLD ? os.availableParallelism() : 0;
}

/** Run the per-entry work for every source, in a worker pool or inline; results in source order. */
export async function renderEntries(sources: EntrySource[], ctx: RenderContext, options: RenderOptions = {}): Promise<EntryResult[]> {
  const workers = options.workers ?? defaultWorkers(sources.length);
  const inFlight = new InFlight();
  const deliver = (r: EntryResult) => {
    const p = options.onResult?.(r);
    if (p) inFlight.add(p);
  };
  let results: EntryResult[];
  if (workers <= 0) {
    results = [];
    if (sources.length > 0) {
      // Loaded on demand: a build that takes every entry from the cache never loads the Markdown
      // stack or the grammars (a third of a warm build's start-up, `--cpu-prof`).
      const { processSource } = await import('./process-source.ts');
      for (const s of sources) {
        const r = processSource(s.source, s.text, ctx, options.entry);
        results.push(r);
        deliver(r);
        await inFlight.below(MAX_IN_FLIGHT);
      }
    }
  } else {
    const size = Math.min(workers, Math.ceil(sources.length / BATCH));
    results = await runPool(sources, { ctx, options: options.entry ?? {} }, size, deliver, inFlight);
  }
  await inFlight.below(0);
  return results;
}

/**
 * The `onResult` calls (page writes) still running. Rendering waits while there are too many:
 * pages rendered faster than they were written piled up, each holding its HTML, and were most
 * of the peak memory at 4,000 entries (one thread: 549 MB).
 */
class InFlight {
  private readonly pending = new Set<Promise<void>>();

  add(work: Promise<void> | void): void {
    const p: Promise<void> = Promise.resolve(work).finally(() => this.pending.delete(p));
    p.catch(() => {}); // reported by `below`, which awaits it
    this.pending.add(p);
  }

  /** Resolves once at most `limit` are running; rejects with the first that failed. */
  async below(limit: number): Promise<void> {
    while (this.pending.size > limit) await Promise.race(this.pending);
  }
}

/** The worker: from the esbuild bundle its sibling .mjs; from source (tsx) a .ts file loaded through tsx. */
function startWorker(workerData: WorkerData, poolSize: number): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./entry-worker.mjs', import.meta.url), { workerData, resourceLimits: workerLimits(poolSize) });
  // `--import tsx` is not honoured in worker threads, so the worker registers tsx itself first.
  const tsx = import.meta.resolve('tsx/esm/api');
  const target = new URL('./entry-worker.ts', import.meta.url).href;
  const code = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(target)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData, resourceLimits: workerLimits(poolSize) });
}

/** What every worker is started with (entry-worker.ts). */
interface WorkerData {
  ctx: RenderContext;
  options: EntryOptions;
}

async function runPool(sources: EntrySource[], workerData: WorkerData, size: number, deliver: (r: EntryResult) => void, inFlight: InFlight): Promise<EntryResult[]> {
  const results: EntryResult[] = new Array(sources.length);
  let next = 0;
  if (size >= os.availableParallelism()) setFlagsFromString(NO_PARALLEL_SCAVENGE);
  const pool = Array.from({ length: size }, () => startWorker(workerData, size));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= sources.length) return resolve();
              const id = next;
              next += BATCH;
              worker.postMessage({ id, sources: sources.slice(id, id + BATCH) });
            };
            worker.on('message', (msg: { id: number; results: EntryResult[]; phases?: PhaseTimes }) => {
              addPhaseTimes(msg.phases);
              msg.results.forEach((r, i) => {
                results[msg.id + i] = r;
                deliver(r);
              });
              inFlight.below(MAX_IN_FLIGHT).then(send, reject);
            });
            worker.once('error', reject);
            worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`entry worker exited with ${code}`))));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
