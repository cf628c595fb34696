// The image pipeline's cost per image (issue 25): a cold encode (AVIF and WebP at every width,
// the fallback stripped) and a warm one (read back from the cache by content hash), against the
// baseline of publishing the same files as they are (hash and copy), measured in the same run.
// The images are drawn here: a photo-like 1600×1067 JPEG and a 1200×800 PNG screenshot-like
// drawing, each one different so that no encode is a cache hit. Then the peers' corpus
// (BENCH_IMAGE_SIZE entries, default 4,000) built cold as it is and with a screenshot in one
// entry in ten, each build its own process of the CLI bundle: what images add to a cold build.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { ImageCache } from '../src/images/image-cache.ts';
import { processImages } from '../src/images/process-images.ts';
import { sha256 } from '../src/output/manifest.ts';
import { generatePeerCorpus } from './corpus.ts';
import { addScreenshots } from './image-corpus.ts';
import { alternating, measure, medianMs, ratio, seconds, TIME } from './measure.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const outRoot = path.join(import.meta.dirname, 'out', 'images');
const COUNT = Number(process.env.BENCH_IMAGES ?? 6);
const SIZE = Number(process.env.BENCH_IMAGE_SIZE ?? 4000);
const EVERY = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 1);

export default async function imagesBench(): Promise<void> {
  await perImage();
  await corpusBuilds();
}

async function perImage(): Promise<void> {
  await rm(outRoot, { recursive: true, force: true });
  await mkdir(outRoot, { recursive: true });
  const files = new Map<string, Uint8Array>();
  for (let i = 0; i < COUNT; i++) files.set(`public/images/picture-${i}.${i % 2 ? 'png' : 'jpg'}`, await picture(i));
  const cacheDir = path.join(outRoot, 'cache');
  const start = performance.now();
  const cpu = process.cpuUsage();
  const cold = await processImages(files, new ImageCache(cacheDir));
  const coldMs = performance.now() - start;
  // libvips encodes on its own threads: their CPU is the process's, counted here with the wall time.
  const { user, system } = process.cpuUsage(cpu);
  const coldCpuMs = (user + system) / 1000;
  if (cold.encoded !== COUNT) throw new Error(`the cold run encoded ${cold.encoded} of ${COUNT}`);
  const warmMs = await medianMs(async () => {
    const warm = await processImages(files, new ImageCache(cacheDir));
    if (warm.encoded !== 0) throw new Error('a warm run encoded again');
  });
  const copyMs = await medianMs(async () => {
    for (const [rel, bytes] of files) await writeFile(path.join(outRoot, path.basename(rel)), bytes).then(() => sha256(bytes));
  });
  const per = (ms: number) => `${(ms / COUNT).toFixed(1)} ms`;
  const inBytes = [...files.values()].reduce((n, b) => n + b.length, 0);
  const outBytes = [...cold.assets.values()].reduce((n, b) => n + b.length, 0);
  console.log(`${COUNT} images (${(inBytes / 1024).toFixed(0)} KiB in, ${cold.assets.size} files and ${(outBytes / 1024).toFixed(0)} KiB out)`);
  console.log(`per image: cold ${per(coldMs)} (CPU ${per(coldCpuMs)}), warm ${per(warmMs)}, copied as is ${per(copyMs)}; cold/warm ${ratio(coldMs, warmMs)}, warm/copy ${ratio(warmMs, copyMs)}`);
  await rm(outRoot, { recursive: true, force: true });
}

/** The same corpus built cold without images and with them, alternating; both must exit 0. */
async function corpusBuilds(): Promise<void> {
  if (!existsSync(TIME)) throw new Error(`Unexpected machine without ${TIME}, expected GNU time for the builds' CPU`);
  await run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bundle.ts')], { cwd: root });
  const plain = path.join(outRoot, `corpus-${SIZE}`);
  const pictured = path.join(outRoot, `corpus-${SIZE}-images`);
  await generatePeerCorpus(plain, SIZE);
  const added = await addScreenshots(plain, pictured, EVERY);
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  let encoded = 0;
  const { on, off } = await alternating(RUNS, async (images) => {
    const dir = images ? pictured : plain;
    await rm(path.join(dir, 'site'), { recursive: true, force: true });
    await rm(path.join(dir, '.galley'), { recursive: true, force: true }); // the build cache
    const m = await measure([path.join(root, 'dist/galley.mjs'), 'build', '--root', dir], { ...process.env, SOURCE_DATE_EPOCH: '1790000000' });
    if (images) encoded = await encodedImages(path.join(dir, 'site'));
    return m;
  });
  if (encoded !== added) throw new Error(`the build with images encoded ${encoded} of ${added}`);
  console.log(`\n${SIZE} entries, ${added} with a 1440×900 screenshot (one in ${EVERY}), cold, median of ${RUNS} (load average before: ${load}):`);
  console.log('| build | wall | CPU |');
  console.log('| --- | ---: | ---: |');
  console.log(`| without images | ${seconds(off.wallMs)} | ${seconds(off.cpuMs)} |`);
  console.log(`| with images | ${seconds(on.wallMs)} | ${seconds(on.cpuMs)} |`);
  console.log(`with/without: ${ratio(on.wallMs, off.wallMs)} wall, ${ratio(on.cpuMs, off.cpuMs)} CPU; ${encoded} images encoded, ${seconds((on.cpuMs - off.cpuMs) / encoded)} of CPU each`);
  await rm(plain, { recursive: true, force: true });
  await rm(pictured, { recursive: true, force: true });
}

/** Images the build encoded: one 640 px AVIF each (every screenshot is wider), each with its own hash. */
async function encodedImages(site: string): Promise<number> {
  const names = await readdir(path.join(site, 'assets/img'));
  const pages = await Promise.all((await readdir(path.join(site, 'entries'))).map((slug) => readFile(path.join(site, 'entries', slug, 'index.html'), 'utf8').catch(() => '')));
  const shown = pages.filter((html) => /<picture><source type="image\/avif"/.test(html)).length;
  const avif = names.filter((n) => /^screenshot-640\.[0-9a-f]{8}\.avif$/.test(n)).length;
  return Math.min(shown, avif);
}

/** A different picture each time: gradients and shapes, noisy like a photo when it is a JPEG. */
async function picture(i: number): Promise<Uint8Array> {
  const [w, h] = i % 2 ? [1200, 800] : [1600, 1067];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><linearGradient id="g"><stop offset="0" stop-color="#${(0x204060 + i * 0x111111).toString(16).slice(-6)}"/><stop offset="1" stop-color="#f0e0c0"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${200 + i * 37}" cy="${h / 2}" r="${h / 3}" fill="#c05020"/><text x="40" y="80" font-size="48">image ${i}</text></svg>`;
  const image = sharp(Buffer.from(svg));
  return new Uint8Array(i % 2 ? await image.png().toBuffer() : await image.jpeg({ quality: 90 }).toBuffer());
}
