// The peers' corpus with pictures: a copy in which one entry in `every` becomes a bundle
// (`content/entries/<slug>/index.md`) with a screenshot beside it, shown after the lede. The
// screenshots are drawn from the entry's index alone (window bar, text lines, a highlighted
// block), so every one differs, none is a cache hit, and the same corpus gets the same bytes.
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/** A laptop screenshot at 1×: wider than the column at 1× and 2×, so it gets every width up to its own. */
const [WIDTH, HEIGHT] = [1440, 900];

/** Copy `from` to `to` and give one entry in `every` a screenshot; the number of images added. */
export async function addScreenshots(from: string, to: string, every: number): Promise<number> {
  await rm(to, { recursive: true, force: true });
  await cp(from, to, { recursive: true });
  const entries = path.join(to, 'content', 'entries');
  const names = (await readdir(entries)).filter((f) => f.endsWith('.md')).sort();
  let added = 0;
  for (const [i, name] of names.entries()) {
    if (i % every !== 0) continue;
    const text = await readFile(path.join(entries, name), 'utf8');
    const at = text.indexOf('\n## ');
    if (at < 0) throw new Error(`Unexpected entry ${name} without a section, expected the generator's sections`);
    const bundle = path.join(entries, name.replace(/\.md$/, ''));
    await mkdir(bundle);
    await writeFile(path.join(bundle, 'index.md'), `${text.slice(0, at)}\n![The terminal after step ${i}](screenshot.png)\n${text.slice(at)}`);
    await writeFile(path.join(bundle, 'screenshot.png'), await screenshot(i));
    await rm(path.join(entries, name));
    added++;
  }
  return added;
}

/** A screenshot-like PNG: flat colours and sharp edges, the kind of picture a technical entry shows. */
export async function screenshot(seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3, 0xf4);
  const fill = (x0: number, y0: number, w: number, h: number, rgb: readonly number[]) => {
    for (let y = y0; y < Math.min(y0 + h, HEIGHT); y++) {
      for (let x = x0; x < Math.min(x0 + w, WIDTH); x++) pixels.set(rgb, (y * WIDTH + x) * 3);
    }
  };
  let state = seed + 1;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  fill(0, 0, WIDTH, 36, [0x2b, 0x30, 0x3a]);
  fill(40, 80 + Math.floor(next() * 400), WIDTH - 80, 120, [0xfd, 0xf0, 0xc8]);
  for (let y = 60; y < HEIGHT - 30; y += 22) {
    let x = 40 + (next() < 0.3 ? 32 : 0);
    const end = 40 + Math.floor(next() * (WIDTH - 120));
    while (x < end) {
      const word = 16 + Math.floor(next() * 60);
      fill(x, y, word, 11, next() < 0.15 ? [0x1d, 0x5f, 0xa8] : [0x33, 0x33, 0x33]);
      x += word + 8;
    }
  }
  return sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).png({ compressionLevel: 9 }).toBuffer();
}
