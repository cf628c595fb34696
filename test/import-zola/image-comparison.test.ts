import assert from 'node:assert/strict';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { compareImages, zolaImageRefs } from '../../scripts/compare-zola-images.ts';
import { drawing } from '../helpers/image-project.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { importProject, zolaSite } from './helpers.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

test('the references of a Zola page: Markdown images (inline and by reference), raw <img>, image arguments of shortcodes; not escaped calls', () => {
  const body = [
    '![A kite](/img/kite.png) and ![a boat][boat]',
    '',
    '[boat]: /img/boat.jpg',
    '',
    '<figure><img src="/img/raw.png" alt="Raw"></figure>',
    '',
    '{{ figure(src="/img/fig.webp", alt="Fig", caption="A caption") }}',
    '{{ gallery(images=["/img/a.jpg", "/img/b.avif"], title="not an image") }}',
    '{{/* figure(src="/img/escaped.png") */}}',
  ].join('\n');
  assert.deepEqual(zolaImageRefs(body), ['/img/fig.webp', '/img/a.jpg', '/img/b.avif', '/img/kite.png', '/img/boat.jpg', '/img/raw.png']);
});

test('every image a Zola page references is shown by the served page; one whose file is gone is lost, at its page', async () => {
  const png = await drawing(120, 80);
  const zola = await zolaSite({
    'config.toml': 'base_url = "https://example.org"\n',
    'content/post.md': '+++\ntitle = "Post"\ndate = 2024-01-01\n+++\nA post with a chart.\n\n![A chart of the week](/img/chart.png)\n\n<figure><img src="/img/raw-photo.png" alt="A photo in raw HTML"></figure>\n\n{{ figure(src="/img/shortcode-pic.png", alt="A picture by shortcode") }}\n',
    'content/about.md': '+++\ntitle = "About"\n+++\nNo images here.\n',
  });
  await mkdir(path.join(zola, 'static/img'), { recursive: true });
  for (const name of ['chart', 'raw-photo', 'shortcode-pic']) await writeFile(path.join(zola, `static/img/${name}.png`), png);
  const root = path.join(await tempDir(), 'project');
  const result = await importProject(zola, root);
  const built = await buildSite({ root, outDir: path.join(root, 'site'), env });
  assert.deepEqual(built.findings.filter((f) => f.severity === 'error'), []);
  const site = path.join(root, 'site');
  const pages = compareImages(zola, site, result.urls);
  assert.deepEqual(pages.map((p) => [p.url, p.images, p.missing]), [['/post/', 3, []]]);

  // The check bites: remove every variant of one image from the output, and it is lost.
  for (const f of await readdir(path.join(site, 'assets/img'))) if (f.startsWith('raw-photo')) await rm(path.join(site, 'assets/img', f));
  assert.deepEqual(compareImages(zola, site, result.urls).map((p) => p.missing), [['/img/raw-photo.png']]);
});
