import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { listTree } from '../../src/output/list-tree.ts';
import { drawing } from '../helpers/image-project.ts';
import { importProject, zolaSite } from './helpers.ts';

// Issue 25, item 6: a Zola page bundle becomes a galley bundle with its files beside it, and
// `resize_image` and image shortcodes become plain Markdown images of the source file, which
// galley's image pipeline then sizes.
const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

const POST = `+++
title = "The rack"
date = 2024-03-04
description = "Photos of the rack."
+++
The lede, with the photo beside the page: ![The rack from the front](rack.png)

## Smaller

{{ resize_image(path="blog/rack/rack.png", width=320, height=200, op="fit_width") }}

{{ figure(src="blog/rack/cables.png", alt="The cables behind it") }}

{{ figure(src="/img/logo.png", alt="The site's logo") }}
`;

async function site(): Promise<string> {
  const dir = await zolaSite({
    'config.toml': 'base_url = "https://example.org"\ntitle = "Zola images"\n',
    'content/_index.md': '+++\ntitle = "Home"\n+++\n',
    'content/blog/_index.md': '+++\ntitle = "Blog"\nsort_by = "date"\n+++\n',
    'content/blog/rack/index.md': POST,
    'templates/shortcodes/figure.html': '<figure><img src="{{ src }}" alt="{{ alt }}"></figure>\n',
  });
  await writeFile(path.join(dir, 'content/blog/rack/rack.png'), await drawing(900, 600));
  await writeFile(path.join(dir, 'content/blog/rack/cables.png'), await drawing(700, 500));
  await mkdir(path.join(dir, 'static/img'), { recursive: true });
  await writeFile(path.join(dir, 'static/img/logo.png'), await drawing(200, 200));
  return dir;
}

test('import-zola: a page bundle becomes an entry bundle, its files beside index.md, kept at the old URL too', async () => {
  const zola = await site();
  const root = path.join(path.dirname(zola), 'out');
  const result = await importProject(zola, root);
  const files = await listTree(root);
  assert.ok(files.includes('content/entries/rack/index.md'), files.join(' '));
  assert.ok(files.includes('content/entries/rack/rack.png') && files.includes('content/entries/rack/cables.png'), files.join(' '));
  assert.ok(!files.some((f) => f.startsWith('public/entries/')), 'the new URL is served from the bundle, not a copy in public/');
  assert.ok(files.includes('public/blog/rack/rack.png'), 'the old URL keeps its file');
  assert.ok(result.log.rows.some((r) => r.subject === '/entries/rack/rack.png' && /in the bundle/.test(r.detail)));
});

test('import-zola: resize_image and figure shortcodes become Markdown images of the source file, which the build sizes', async () => {
  const zola = await site();
  const root = path.join(path.dirname(zola), 'out');
  const result = await importProject(zola, root);
  const text = await readFile(path.join(root, 'content/entries/rack/index.md'), 'utf8');
  assert.match(text, /^!\[rack\.png\]\(rack\.png\)$/m, 'resize_image: the colocated source file, relative, alt to be written');
  assert.match(text, /^!\[The cables behind it\]\(cables\.png\)$/m, 'a content path to a colocated file: relative in the bundle');
  assert.match(text, /^!\[The site's logo\]\(\/img\/logo\.png\)$/m, 'a static file keeps its URL');
  assert.ok(result.log.rows.some((r) => r.status === 'needs-person' && /`blog\/rack\/rack\.png` without alt text/.test(r.detail)), 'resize_image has no alt text: a person writes one');
  const built = await buildSite({ root, outDir: path.join(root, 'site'), env });
  assert.deepEqual(built.findings.filter((f) => f.severity === 'error'), []);
  const html = await readFile(path.join(root, 'site/entries/rack/index.html'), 'utf8');
  const pictures = [...html.matchAll(/<picture>.*?<\/picture>/gs)].map((m) => m[0]);
  assert.equal(pictures.filter((p) => /alt="rack\.png"/.test(p)).length, 1, html);
  assert.match(pictures.find((p) => /alt="rack\.png"/.test(p))!, /rack-640\.[0-9a-f]{8}\.avif 640w, \/assets\/img\/rack-900\.[0-9a-f]{8}\.avif 900w/);
  assert.ok(pictures.some((p) => /alt="The cables behind it" width="700" height="500"/.test(p)), html);
  assert.equal((await sharp(path.join(root, 'site/entries/rack/rack.png')).metadata()).width, 900);
});
