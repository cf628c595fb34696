// `galley dev` on a generated 1,000-entry corpus: time from saving one entry to the reload event
// (what the browser waits for), against a cold build of the same corpus in the same run. Two
// kinds of save: a paragraph of the body (only the entry's page changes) and the title (the
// index, its tag pages and the feed change too). The goal: under 100 ms from save to
// reload event.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSite } from '../src/pipeline/build-site.ts';
import { startDev } from '../src/dev/dev-server.ts';
import { openEvents } from '../test/helpers/event-client.ts';
import { generateCorpus } from './corpus.ts';
import { median, medianMs, ratio, seconds } from './measure.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };
const RUNS = Number(process.env.BENCH_DEV_RUNS ?? 9);

const EDITS: Record<string, (text: string, i: number) => string> = {
  'a paragraph of the body': (text, i) => text.replace(/\n## /, `\nA sentence added in save ${i}.\n\n## `),
  'the title (index, tags, feed too)': (text, i) => text.replace(/^title: (.*)$/m, `title: $1, edit ${i}`),
};

export default async function devBench(): Promise<void> {
  const n = Number(process.env.BENCH_DEV_SIZE ?? 1000);
  const dir = path.join(import.meta.dirname, 'out', `dev-corpus-${n}`);
  const entries = await generateCorpus(dir, n);
  const cold = await medianMs(() => buildSite({ root: dir, outDir: path.join(dir, 'site'), env, cache: false }), 1);

  const dev = await startDev({ root: dir, port: 0, env });
  const events = await openEvents(new URL('/__galley/events', dev.url).href);
  const file = path.join(dir, 'content', 'entries', `${entries[0]!.slug}.md`);
  const original = await readFile(file, 'utf8');
  const ms = (v: number) => `${Math.round(v)} ms`;
  console.log(`${n} entries, one entry edited and saved, median of ${RUNS} saves each:`);
  console.log(`  cold build, every gate (baseline)                      ${seconds(cold).padStart(9)}`);
  try {
    for (const [kind, edit] of Object.entries(EDITS)) {
      const total: number[] = [];
      const reported: number[] = [];
      for (let i = 1; i <= RUNS; i++) {
        const saved = performance.now();
        await writeFile(file, edit(original, i));
        const event = await events.next();
        if (event.event !== 'reload') throw new Error(`expected reload, got ${event.event}: ${event.data.slice(0, 500)}`);
        total.push(performance.now() - saved);
        reported.push((JSON.parse(event.data) as { ms: number }).ms);
        await dev.idle();
      }
      console.log(`  save ${kind.padEnd(34)} → reload at the client ${ms(median(total)).padStart(7)}  ${ratio(median(total), cold)} of cold  (goal < 100 ms)`);
      console.log(`    of which first watcher event → reload sent          ${ms(median(reported)).padStart(7)}`);
    }
  } finally {
    events.close();
    await dev.close();
    await writeFile(file, original);
    await rm(dir, { recursive: true, force: true });
  }
}
