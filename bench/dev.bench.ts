// `galley dev` on a generated 1,000-entry corpus: time from saving one entry to the reload event
// (what the browser waits for), against a cold build of the same corpus in the same run.
// The goal: under 100 ms from save to reload event.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSite } from '../src/build/build-site.ts';
import { startDev } from '../src/dev/dev-server.ts';
import { openEvents } from '../test/helpers/event-client.ts';
import { generateCorpus } from './corpus.ts';
import { median, medianMs, ratio, seconds } from './measure.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

export default async function devBench(): Promise<void> {
  const n = Number(process.env.BENCH_DEV_SIZE ?? 1000);
  const dir = path.join(import.meta.dirname, 'out', `dev-corpus-${n}`);
  const entries = await generateCorpus(dir, n);
  const cold = await medianMs(() => buildSite({ root: dir, outDir: path.join(dir, 'site'), env }), 1);

  const dev = await startDev({ root: dir, port: 0, env });
  const events = await openEvents(new URL('/__galley/events', dev.url).href);
  const file = path.join(dir, 'content', 'entries', `${entries[0]!.slug}.md`);
  const original = await readFile(file, 'utf8');
  const total: number[] = [];
  const reported: number[] = [];
  try {
    for (let i = 1; i <= 5; i++) {
      const saved = performance.now();
      // Edit the title: the entry, the index and the feed change; the sections gate still passes.
      await writeFile(file, original.replace(/^title: (.*)$/m, `title: $1, edit ${i}`));
      const event = await events.next();
      if (event.event !== 'reload') throw new Error(`expected reload, got ${event.event}: ${event.data.slice(0, 500)}`);
      total.push(performance.now() - saved);
      reported.push((JSON.parse(event.data) as { ms: number }).ms);
      await dev.idle();
    }
  } finally {
    events.close();
    await dev.close();
    await rm(dir, { recursive: true, force: true });
  }
  const ms = (v: number) => `${Math.round(v)} ms`;
  console.log(`${n} entries, one entry edited and saved, median of ${total.length}:`);
  console.log(`  cold build, every gate (baseline)            ${seconds(cold).padStart(9)}`);
  console.log(`  dev: save → reload event at the client       ${ms(median(total)).padStart(9)}  ${ratio(median(total), cold)} of cold  (goal < 100 ms)`);
  console.log(`  dev: first watcher event → reload sent       ${ms(median(reported)).padStart(9)}`);
}
