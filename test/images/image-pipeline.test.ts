import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { listTree } from '../../src/output/list-tree.ts';
import { drawing, imageProject as project } from '../helpers/image-project.ts';
import { snapshotTree } from '../helpers/tree-snapshot.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// Issue 25, item 2: local images become hashed, sized, lazy <picture>s; metadata never reaches
// site/; a warm build encodes nothing; two builds of the same input give the same bytes.
const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

test('images: <picture> with AVIF and WebP srcsets, sizes, hashed names, lazy after the first, a title as a figure', async () => {
  const root = await project();
  const result = await buildSite({ root, env });
  assert.equal(result.ok, true, JSON.stringify(result.findings, null, 1));
  const html = await readFile(path.join(root, 'site/entries/network/index.html'), 'utf8');
  const pictures = [...html.matchAll(/<picture>.*?<\/picture>/gs)].map((m) => m[0]);
  assert.equal(pictures.length, 3, html);
  const [photo, drawn, inline] = pictures as [string, string, string];
  assert.match(photo, /<source type="image\/avif" srcset="\/assets\/img\/rack-400\.[0-9a-f]{8}\.avif 400w" sizes="[^"]+">/);
  assert.match(photo, /<source type="image\/webp" srcset="\/assets\/img\/rack-400\.[0-9a-f]{8}\.webp 400w"/);
  assert.match(photo, /<img src="\/assets\/img\/rack\.[0-9a-f]{8}\.jpg" alt="The rack, photographed" width="400" height="300">/, 'the first image loads at once');
  assert.match(drawn, /<img src="\/assets\/img\/net\.[0-9a-f]{8}\.png" alt="The network, drawn" width="700" height="400" loading="lazy" decoding="async">/);
  assert.match(drawn, /net-640\.[0-9a-f]{8}\.avif 640w, \/assets\/img\/net-700\.[0-9a-f]{8}\.avif 700w/);
  assert.match(html, /<figure><picture>.*?alt="The network, drawn".*?<\/picture><figcaption>The network as deployed<\/figcaption><\/figure>/s);
  assert.match(inline, /alt="the same drawing, in raw HTML" width="700" height="400" loading="lazy"/);
  // Every name the page uses is in the output, under a name that changes with the bytes.
  for (const [, url] of html.matchAll(/(\/assets\/img\/[^" ,]+)/g)) {
    const bytes = await readFile(path.join(root, 'site', url!));
    const hash = /\.([0-9a-f]{8})\.[a-z]+$/.exec(url!)![1]!;
    const { createHash } = await import('node:crypto');
    assert.equal(createHash('sha256').update(bytes).digest('hex').slice(0, 8), hash, url);
  }
  assert.equal((await sharp(path.join(root, 'site/entries/network/net.png')).metadata()).width, 700, 'the bundle file is served beside the entry too');
});

test('images: EXIF and GPS in a source photo never reach site/', async () => {
  const root = await project();
  const result = await buildSite({ root, env });
  assert.equal(result.ok, true, JSON.stringify(result.findings, null, 1));
  const site = path.join(root, 'site');
  const images = (await listTree(site)).filter((f) => /\.(jpe?g|png|webp|avif)$/.test(f));
  assert.ok(images.some((f) => f.startsWith('assets/img/rack')) && images.includes('images/rack.jpg'), images.join(' '));
  for (const rel of images) {
    const bytes = await readFile(path.join(site, rel));
    const meta = await sharp(bytes).metadata();
    assert.equal(meta.exif, undefined, `${rel} has EXIF`);
    assert.equal(meta.xmp, undefined, `${rel} has XMP`);
    for (const needle of ['GalleyCam', 'secret-owner', 'Exif\0\0']) assert.equal(bytes.includes(needle), false, `${rel} holds ${JSON.stringify(needle)}`);
  }
});

test('images: a warm build encodes nothing, and two cold builds are byte-identical', async () => {
  const root = await project();
  const first = await buildSite({ root, env });
  assert.equal(first.ok, true);
  assert.equal(first.stats.encoded, 2, 'the cold build encodes the photo and the drawing');
  // Touch an entry, so the build is not answered whole by the last one: the images come from the cache.
  await writeFile(path.join(root, 'content/entries/base.md'), (await readFile(path.join(root, 'content/entries/base.md'), 'utf8')).replace('More text.', 'More text, edited.'));
  const warm = await buildSite({ root, env });
  assert.equal(warm.ok, true);
  assert.equal(warm.stats.encoded, 0, 'a warm build encodes nothing');
  const [a, b] = [await tempDir('galley-images-a-'), await tempDir('galley-images-b-')];
  const coldA = await buildSite({ root, env, cache: false, outDir: path.join(a, 'site') });
  const coldB = await buildSite({ root, env, cache: false, outDir: path.join(b, 'site') });
  assert.equal(coldA.stats.encoded, 2);
  assert.equal(coldB.stats.encoded, 2);
  assert.deepEqual(await snapshotTree(path.join(a, 'site')), await snapshotTree(path.join(b, 'site')));
  assert.deepEqual(await snapshotTree(path.join(a, 'site')), await snapshotTree(path.join(root, 'site')), 'the cached encodings are the fresh ones');
});

test('images: an image changed under the same name re-renders the pages that show it', async () => {
  const root = await project();
  assert.equal((await buildSite({ root, env })).ok, true);
  await writeFile(path.join(root, 'content/entries/network/net.png'), await drawing(500, 300));
  const next = await buildSite({ root, env });
  assert.equal(next.ok, true);
  const html = await readFile(path.join(root, 'site/entries/network/index.html'), 'utf8');
  assert.match(html, /alt="The network, drawn" width="500" height="300"/);
});
