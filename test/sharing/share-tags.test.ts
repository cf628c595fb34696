import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import ogs from 'open-graph-scraper';
import { visit } from 'unist-util-visit';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { fixtureProject, projectRoot } from '../helpers/fixture-project.ts';
import { nginxSkip, serveWithNginx } from '../helpers/nginx.ts';
import { pngSize } from './png.ts';

// A link preview as Slack, Mastodon or an X card validator makes it: fetch the page from a real
// server (nginx with the deploy config), read its head with a maintained scraper, then fetch the
// image it names. Every page of the case is listed in expected.json.
interface ExpectedPage {
  type: 'article' | 'website';
  title: string;
  description: string;
  image: 'first-image' | 'card' | 'site-card';
  imageAlt: string;
  published?: string;
  modified?: string;
  tags?: string[];
}

const here = import.meta.dirname;
const expected = JSON.parse(await readFile(path.join(here, 'expected.json'), 'utf8')) as { pages: Record<string, ExpectedPage> };
const BASE = 'https://galley.example/notes/';
const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

test('a scraper reads every OpenGraph and Twitter tag of each page, and its image resolves', { skip: nginxSkip }, async () => {
  const dir = await fixtureProject(path.join(here, 'project'));
  const built = await buildSite({ root: dir, env });
  assert.ok(built.ok, JSON.stringify(built.findings));
  const nginx = await serveWithNginx(built.outDir);
  // The site says it is at BASE; a request for it goes to the local server, as a hosts entry would send it.
  const local = (url: string) => {
    assert.ok(url.startsWith(BASE), `${url} is under the site's base URL`);
    return `${nginx.url}/${url.slice(BASE.length)}`;
  };
  let siteCard: string | undefined;
  for (const [page, want] of Object.entries(expected.pages)) {
    const { result, html } = await ogs({ url: `${nginx.url}/${page}` });
    assert.ok(result.success, page);
    const head = metaOf(html!);
    const canonical = head.canonical;
    assert.equal(canonical, BASE + page, `${page}: canonical`);
    assert.equal(result.ogUrl, canonical, `${page}: og:url is the canonical URL`);
    assert.equal(result.ogType, want.type, `${page}: og:type`);
    assert.equal(result.ogSiteName, 'Sharing case', `${page}: og:site_name`);
    assert.equal(result.ogTitle, want.title, `${page}: og:title`);
    assert.equal(result.ogDescription, want.description, `${page}: og:description`);
    assert.equal(result.twitterCard, 'summary_large_image', `${page}: twitter:card`);
    assert.equal(result.twitterSite, '@galleyproof', `${page}: twitter:site`);
    assert.equal(result.twitterTitle, want.title, `${page}: twitter:title`);
    assert.equal(result.twitterDescription, want.description, `${page}: twitter:description`);
    // The scraper keeps one article:tag; the spec allows an array of them, read from the head.
    assert.deepEqual(head.all('article:tag'), want.tags ?? [], `${page}: article:tag`);
    assert.equal(head.one('article:published_time'), want.published, `${page}: article:published_time`);
    assert.equal(head.one('article:modified_time'), want.modified, `${page}: article:modified_time`);

    const [image] = result.ogImage ?? [];
    assert.ok(image, `${page}: og:image`);
    assert.equal(result.twitterImage?.[0]?.url, image.url, `${page}: twitter:image`);
    assert.equal(image.alt, want.imageAlt, `${page}: og:image:alt`);
    const response = await fetch(local(image.url));
    assert.equal(response.status, 200, `${page}: ${image.url}`);
    assert.equal(response.headers.get('content-type'), 'image/png', `${page}: image type`);
    const size = pngSize(new Uint8Array(await response.arrayBuffer()));
    if (want.image === 'first-image') {
      // Whatever src and size the image pipeline gave it: the first raster image of the article, absolute.
      const img = firstRaster(html!);
      assert.equal(image.url, new URL(img.src.replace(/^\//, ''), BASE).href, `${page}: the entry's first raster image`);
      assert.deepEqual([image.width, image.height], [img.width, img.height], `${page}: og:image:width/height are the <img>'s`);
      if (img.width) assert.deepEqual([String(size.width), String(size.height)], [img.width, img.height], `${page}: and the served file's`);
    } else {
      assert.deepEqual([image.width, image.height], ['1200', '630'], `${page}: og:image:width/height`);
      assert.deepEqual(size, { width: 1200, height: 630 }, `${page}: a card`);
      assert.match(image.url, /\/assets\/cards\/[\w.-]+\.[0-9a-f]{8}\.png$/, `${page}: a content-hashed card`);
      assert.match(response.headers.get('cache-control') ?? '', /immutable/, `${page}: the card is served as the immutable asset it is`);
      if (want.image === 'site-card') assert.equal(image.url, (siteCard ??= image.url), `${page}: the site's card`);
      else assert.notEqual(image.url, siteCard, `${page}: its own card`);
    }
  }
  // Cards are output files like any other: in the manifest, served immutable by their hashed name.
  const cards = built.manifest!.files.map((f) => f.path).filter((f) => f.startsWith('assets/cards/'));
  // The base project's entry, the case's two entries and two pages without a raster image, the site.
  assert.equal(cards.length, 6, `one card per entry or page without an image, and the site's: ${cards.join(', ')}`);
});

/** The head's `<link rel=canonical>` and its meta tags by property or name. */
function metaOf(html: string) {
  const metas: [string, string][] = [];
  let canonical: string | undefined;
  visit(fromHtml(html), 'element', (node: Element) => {
    const p = node.properties;
    if (node.tagName === 'link' && String(p.rel) === 'canonical') canonical = String(p.href);
    if (node.tagName === 'meta' && typeof p.content === 'string') metas.push([String(p.property ?? p.name), p.content]);
  });
  const all = (key: string) => metas.filter(([k]) => k === key).map(([, v]) => v);
  return { canonical, all, one: (key: string) => all(key)[0] };
}

/** The first `<img>` of the page's article whose file is not an SVG, as the served HTML has it. */
function firstRaster(html: string): { src: string; width?: string; height?: string } {
  let found: { src: string; width?: string; height?: string } | undefined;
  visit(fromHtml(html), 'element', (node: Element) => {
    const { src, width, height } = node.properties;
    if (found || node.tagName !== 'img' || typeof src !== 'string' || src.endsWith('.svg')) return;
    found = { src, ...(width === undefined ? {} : { width: String(width), height: String(height) }) };
  });
  assert.ok(found, 'the page has a raster image');
  return found;
}
