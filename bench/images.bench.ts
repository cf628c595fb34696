// The image pipeline's cost per image (issue 25): a cold encode (AVIF and WebP at every width,
// the fallback stripped) and a warm one (read back from the cache by content hash), against the
// baseline of publishing the same files as they are (hash and copy), measured in the same run.
// The images are drawn here: a photo-like 1600×1067 JPEG and a 1200×800 PNG screenshot-like
// drawing, each one different so that no encode is a cache hit.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { ImageCache } from '../src/images/image-cache.ts';
import { processImages } from '../src/images/process-images.ts';
import { sha256 } from '../src/output/manifest.ts';
import { medianMs, ratio } from './measure.ts';

const outRoot = path.join(import.meta.dirname, 'out', 'images');
const COUNT = Number(process.env.BENCH_IMAGES ?? 6);

export default async function imagesBench(): Promise<void> {
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

/** A different picture each time: gradients and shapes, noisy like a photo when it is a JPEG. */
async function picture(i: number): Promise<Uint8Array> {
  const [w, h] = i % 2 ? [1200, 800] : [1600, 1067];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><linearGradient id="g"><stop offset="0" stop-color="#${(0x204060 + i * 0x111111).toString(16).slice(-6)}"/><stop offset="1" stop-color="#f0e0c0"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${200 + i * 37}" cy="${h / 2}" r="${h / 3}" fill="#c05020"/><text x="40" y="80" font-size="48">image ${i}</text></svg>`;
  const image = sharp(Buffer.from(svg));
  return new Uint8Array(i % 2 ? await image.png().toBuffer() : await image.jpeg({ quality: 90 }).toBuffer());
}
