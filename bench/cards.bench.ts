// The share cards (issue 25): what one costs drawn (satori lays it out, resvg rasterizes and
// encodes the PNG) and taken from the build cache, in this process; then cold builds of a small
// corpus with cards on and off, each in its own process, alternating so other load hits both.
// The other benches build without cards (corpus.ts), so their figures stay comparable.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { cardSpec } from '../src/sharing/card-layout.ts';
import { CardStore } from '../src/sharing/card-store.ts';
import { BENCH_CONFIG, generatePeerCorpus } from './corpus.ts';
import { alternating, measure, median, seconds, TIME, type Measured } from './measure.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const galley = path.join(root, 'dist/galley.mjs');
const CARDS = Number(process.env.BENCH_CARDS ?? 20);
const ENTRIES = Number(process.env.BENCH_CARD_ENTRIES ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

export default async function cardsBench(): Promise<void> {
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'galley-cards-'));
  try {
    const specs = Array.from({ length: CARDS }, (_, i) =>
      cardSpec(`entry-${i}`, { title: `Entry ${i}: one verb from Markdown to nginx, checked on the way`, subtitle: 'The path of an entry from the editor to the served page.', date: '2026-11-21', siteName: 'The Galley Proof' }),
    );
    const store = new CardStore(cacheDir);
    let t = performance.now();
    await store.get(cardSpec('first', { title: 'Loading', siteName: 'galley' }));
    console.log(`first card (loads satori's WebAssembly, resvg and the 10 font files): ${seconds(performance.now() - t)}`);
    const drawn: number[] = [];
    for (const spec of specs) {
      t = performance.now();
      await store.get(spec);
      drawn.push(performance.now() - t);
    }
    const kept: number[] = [];
    for (const spec of specs) {
      t = performance.now();
      await new CardStore(cacheDir).get(spec);
      kept.push(performance.now() - t);
    }
    console.log(`per card, median of ${CARDS}: drawn ${median(drawn).toFixed(0)} ms (cold), from the build cache ${median(kept).toFixed(2)} ms (warm; a card still in the output is not even read)`);
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
  if (!existsSync(TIME)) {
    console.log(`cold builds skipped: ${TIME} is needed`);
    return;
  }
  await run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bundle.ts')], { cwd: root });
  const dir = path.join(import.meta.dirname, 'out', `cards-${ENTRIES}`);
  await generatePeerCorpus(dir, ENTRIES);
  const { on, off } = await alternating(RUNS, (cards) => coldBuild(dir, cards));
  // The entries' cards and the site's.
  const each = (ms: number) => `${((ms / (ENTRIES + 1)) | 0).toString()} ms per card`;
  console.log(
    `cold build of ${ENTRIES} entries (median of ${RUNS}): wall with cards ${seconds(on.wallMs)}, without ${seconds(off.wallMs)} (+${each(on.wallMs - off.wallMs)}); ` +
      `CPU with ${seconds(on.cpuMs)}, without ${seconds(off.cpuMs)} (+${each(on.cpuMs - off.cpuMs)})`,
  );
  await rm(dir, { recursive: true, force: true });
}

/** No output and no build cache: every card drawn. */
async function coldBuild(dir: string, cards: boolean): Promise<Measured> {
  await writeFile(path.join(dir, 'site.config.ts'), `export default ${JSON.stringify({ ...BENCH_CONFIG, sharing: { cards } })};\n`);
  await rm(path.join(dir, 'site'), { recursive: true, force: true });
  return measure([galley, 'build', '--no-cache', '--root', dir, '--out', path.join(dir, 'site')], { ...process.env, SOURCE_DATE_EPOCH: '1790000000' });
}
