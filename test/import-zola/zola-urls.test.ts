import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ZolaPage } from '../../src/import-zola/read-content.ts';
import { zolaConfigSchema, type LoadedZolaConfig } from '../../src/import-zola/zola-config.ts';
import { zolaPageSchema } from '../../src/import-zola/zola-front-matter.ts';
import { aliasUrl, pageUrl } from '../../src/import-zola/zola-urls.ts';

// Zola's URL rules (content/src/page.rs, file_info.rs) as data: a content path, its header and
// `[slugify]`, and the slug, path and file-name date Zola gives it.
const cases: { rel: string; meta?: Record<string, unknown>; slugify?: Record<string, unknown>; slug: string; path: string; date?: string }[] = [
  { rel: 'blog/2024-01-02-first-light.md', slug: 'first-light', path: '/blog/first-light/', date: '2024-01-02' },
  { rel: 'blog/2024-01-02_first-light.md', slug: 'first-light', path: '/blog/first-light/', date: '2024-01-02' },
  { rel: 'blog/2024-01-02T10:30:00Z-night.md', slug: 'night', path: '/blog/night/', date: '2024-01-02T10:30:00Z' },
  { rel: 'blog/2024-01-02.md', slug: '2024-01-02', path: '/blog/2024-01-02/', date: '2024-01-02' },
  { rel: 'blog/2024-13-02-not-a-date.md', slug: '2024-13-02-not-a-date', path: '/blog/2024-13-02-not-a-date/' },
  { rel: 'blog/2024-01-02-first-light.md', meta: { date: 2023 }, slug: 'first-light', path: '/blog/first-light/' },
  { rel: 'blog/2024-01-02-first-light.md', slugify: { paths_keep_dates: true }, slug: '2024-01-02-first-light', path: '/blog/2024-01-02-first-light/', date: '2024-01-02' },
  { rel: 'blog/garden/index.md', slug: 'garden', path: '/blog/garden/' },
  { rel: 'garden/index.md', slug: 'garden', path: '/garden/' },
  { rel: 'index.md', slug: 'index', path: '/' },
  { rel: 'about.md', meta: { path: 'about-us' }, slug: 'about', path: '/about-us/' },
  { rel: 'about.md', meta: { path: '/company/about.html' }, slug: 'about', path: '/company/about.html/' },
  { rel: 'blog/x.md', meta: { slug: 'Hello, World!' }, slug: 'hello-world', path: '/blog/hello-world/' },
  { rel: 'blog/東京タワー.md', slug: 'dong-jing-tawa', path: '/blog/dong-jing-tawa/' },
  { rel: 'blog/東京タワー.md', slugify: { paths: 'safe' }, slug: '東京タワー', path: '/blog/東京タワー/' },
  { rel: 'blog/test (hey).md', slugify: { paths: 'safe' }, slug: 'test (hey)', path: '/blog/test (hey)/' },
  { rel: 'blog/dot. .md', slugify: { paths: 'safe' }, slug: 'dot', path: '/blog/dot/' },
  { rel: 'blog/Tes t.md', slugify: { paths: 'off' }, slug: 'Tes t', path: '/blog/Tes t/' },
  // Folder names are used as written; only the page's own slug is slugified.
  { rel: 'My Posts/Straße.md', slug: 'strasse', path: '/My Posts/strasse/' },
];

function page(rel: string, meta: Record<string, unknown> = {}): ZolaPage {
  const parts = rel.replace(/\.md$/, '').split('/');
  const name = parts.pop()!;
  const colocated = name === 'index' && parts.length > 0;
  return {
    kind: 'page',
    file: `content/${rel}`,
    rel,
    components: colocated ? parts.slice(0, -1) : parts,
    front: { format: 'toml', data: meta, body: '', bodyLine: 1, keyLines: new Map() },
    meta: zolaPageSchema.parse(meta),
    stem: colocated ? parts.at(-1)! : name,
    colocated: colocated ? `${parts.join('/')}/` : undefined,
    assets: [],
  };
}

for (const c of cases) {
  test(`Zola serves ${c.rel}${c.meta ? ` ${JSON.stringify(c.meta)}` : ''}${c.slugify ? ` with ${JSON.stringify(c.slugify)}` : ''} at ${c.path}`, () => {
    const zola: LoadedZolaConfig = { config: zolaConfigSchema.parse({ base_url: 'https://example.org', slugify: c.slugify ?? {} }), feeds: [], feedNames: ['atom.xml'], source: '', file: 'zola.toml' };
    const meta = c.meta?.date === 2023 ? { date: '2023-05-06' } : c.meta;
    const url = pageUrl(page(c.rel, meta), zola);
    assert.deepEqual(url, { slug: c.slug, path: c.path, dateFromName: c.date });
  });
}

test('aliases are folders unless they name an .html file', () => {
  assert.deepEqual(['old/cache', '/old/cache/', '/2024/03/cache.html'].map(aliasUrl), ['/old/cache/', '/old/cache/', '/2024/03/cache.html']);
});
