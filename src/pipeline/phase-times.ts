// Where a build's time goes, per phase and summed over its threads, so a regression shows up
// where it happens: a one-shot build writes the totals as JSON to the file GALLEY_PHASES names
// (`npm run bench -- build` prints them). Unset, every call here is one branch and returns.
import { writeFileSync } from 'node:fs';
import { performance, PerformanceObserver } from 'node:perf_hooks';

export const PHASES = ['read', 'parse', 'lint', 'render', 'images', 'highlight', 'serialize', 'search', 'gates', 'write', 'gc'] as const;
export type Phase = (typeof PHASES)[number];
/** Milliseconds per phase. `gc` is the collector's pauses, which fall inside the other phases. */
export type PhaseTimes = Record<Phase, number>;

const target = process.env.GALLEY_PHASES;
const zero = (): PhaseTimes => Object.fromEntries(PHASES.map((p) => [p, 0])) as PhaseTimes;
let totals = zero();
let current: Phase | undefined;
let since = 0;
const inFlight = new Map<Phase, { count: number; since: number }>();

// Each thread watches its own collector.
if (target) new PerformanceObserver((list) => list.getEntries().forEach((e) => (totals.gc += e.duration))).observe({ entryTypes: ['gc'] });

/**
 * Charge this thread's time from now on to `phase`; returns the phase it took over from. While
 * synchronous work runs, awaited phases (a write in flight) stop counting: the thread is busy
 * with the other, and counting both would charge the same time twice.
 */
function enter(phase: Phase | undefined): Phase | undefined {
  const now = performance.now();
  if (current) totals[current] += now - since;
  else for (const [p, state] of inFlight) if (state.count > 0) totals[p] += now - state.since;
  if (!phase) for (const state of inFlight.values()) state.since = now;
  const previous = current;
  current = phase;
  since = now;
  return previous;
}

/** Run synchronous work as `phase`; a phase inside another is charged to the inner one only. */
export function timed<T>(phase: Phase, work: () => T): T {
  if (!target) return work();
  const previous = enter(phase);
  try {
    return work();
  } finally {
    enter(previous);
  }
}

/** Await work as `phase`: the time while at least one such piece is in flight (overlapping writes count once). */
export async function timedAsync<T>(phase: Phase, work: () => Promise<T>): Promise<T> {
  if (!target) return work();
  const state = inFlight.get(phase) ?? { count: 0, since: 0 };
  inFlight.set(phase, state);
  if (state.count++ === 0) state.since = performance.now();
  try {
    return await work();
  } finally {
    if (--state.count === 0) totals[phase] += performance.now() - state.since;
  }
}

/** This thread's totals since the last call (a worker sends them with each batch); undefined when off. */
export function takePhaseTimes(): PhaseTimes | undefined {
  if (!target) return undefined;
  const taken = totals;
  totals = zero();
  return taken;
}

/** Add a worker's totals to this thread's. */
export function addPhaseTimes(times: PhaseTimes | undefined): void {
  if (times) for (const p of PHASES) totals[p] += times[p];
}

/** Write this thread's totals (the workers' added in) to GALLEY_PHASES, if set. */
export function writePhaseTimes(): void {
  if (target) writeFileSync(target, `${JSON.stringify(totals)}\n`);
}
