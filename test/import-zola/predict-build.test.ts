import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { runCli } from '../helpers/run-cli.ts';
import { zolaSite } from './helpers.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };
const config = 'base_url = "https://example.org"\ntaxonomies = [{ name = "authors" }]\n';

/** Import a small Zola site made of `files` into `out/` beside it, as a user would from the CLI. */
async function importFiles(files: Record<string, string>): Promise<{ root: string; result: Awaited<ReturnType<typeof runCli>> }> {
  const dir = await zolaSite({ 'config.toml': config, ...files });
  const root = path.join(path.dirname(dir), 'out');
  return { root, result: await runCli(['import-zola', dir, '--out', root], path.dirname(dir), env) };
}

// The gates the build will run, run by the import on what it wrote, each finding placed in the Zola file.
test('the import reports what the first build will refuse, at its line in the Zola source', async () => {
  const { root, result } = await importFiles({
    'content/leaky.md': '+++\ntitle = "Leaky"\ndate = 2024-01-01\ndescription = "TODO say what this is"\n+++\nThe lede.\n\n```sh\nssh admin@10.20.30.40\n```\n',
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /content\/leaky\.md:4:\d+ {2}error {2}Unexpected placeholder `TODO` in `summary`.* {2}frontmatter-placeholder/);
  assert.match(result.stderr, /content\/leaky\.md:9:\d+ {2}error {2}Unexpected private IPv4 address.* {2}leak-private-address/);
  assert.match(await readFile(path.join(root, 'import-report.md'), 'utf8'), /leak-private-address/);
  const built = await buildSite({ root, outDir: path.join(root, 'site'), env });
  assert.deepEqual([...new Set(built.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId))].sort(), ['frontmatter-placeholder', 'leak-private-address'], 'the build finds what the import said');
});

test('raw HTML: a removal is a warning at its Zola line, an <img> moves with its page and a missing one becomes its alt text', async () => {
  const { root, result } = await importFiles({
    'content/post/index.md': '+++\ntitle = "Post"\ndate = 2024-01-01\n+++\nThe lede.\n\n<center><img src="photo.svg" alt="A photo"></center>\n\n<img src="gone.png" alt="Gone">\n',
    'content/post/photo.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30"/></svg>\n',
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /content\/post\/index\.md:7:1 {2}warning {2}Unexpected element `<center>`.* {2}html-element-removed/);
  assert.match(result.stderr, /content\/post\/index\.md:9:\d+ {2}warning {2}Unexpected image `gone\.png`.* {2}import-link-missing/);
  assert.doesNotMatch(result.stderr, / error /);
  const written = await readFile(path.join(root, 'content/entries/post/index.md'), 'utf8');
  assert.match(written, /<img src="photo\.svg" alt="A photo">/, 'relative: the asset is copied beside the entry, in its bundle');
  assert.doesNotMatch(written, /gone\.png/);
  const built = await buildSite({ root, outDir: path.join(root, 'site'), env });
  assert.ok(built.ok, JSON.stringify(built.findings.filter((f) => f.severity === 'error')));
  assert.match(await readFile(path.join(root, 'site/entries/post/index.html'), 'utf8'), /<img src="\/assets\/img\/photo\.[0-9a-f]{8}\.svg" alt="A photo" width="40" height="30">/);
});

test('an image beside a page that is no image is an error the import reports at the file in the entry\'s bundle', async () => {
  const { result } = await importFiles({
    'content/post/index.md': '+++\ntitle = "Post"\ndate = 2024-01-01\n+++\nThe lede.\n\n![A photo](photo.png)\n',
    'content/post/photo.png': 'not really a png',
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^content\/entries\/post\/photo\.png:1:1 {2}error {2}Unexpected bytes that are not an image.* {2}image-unreadable$/m);
});

test('raw HTML: an <a href> to nothing in a table cell loses its tag and keeps its text; one to a page stays; the build passes', async () => {
  const { root, result } = await importFiles({
    'content/post.md': '+++\ntitle = "Post"\ndate = 2024-01-01\n+++\nThe lede.\n\n| what | looks like |\n| - | - |\n| a link | Welcome to <a href="/series/learn-rust">Learn Rust</a>! |\n| another | <a href="/about/">About</a> |\n',
    'content/about.md': '+++\ntitle = "About"\n+++\nAbout this site.\n',
  });
  assert.doesNotMatch(result.stderr, / error /);
  const written = await readFile(path.join(root, 'content/entries/post.md'), 'utf8');
  assert.doesNotMatch(written, /learn-rust/);
  assert.match(written, /Welcome to Learn Rust<\/a>!/);
  assert.match(written, /<a href="\/about\/">About<\/a>/);
  const built = await buildSite({ root, outDir: path.join(root, 'site'), env });
  assert.ok(built.ok, JSON.stringify(built.findings.filter((f) => f.severity === 'error')));
});

test('two claims on one URL: the page keeps it, the taxonomy redirect is not written, and the build passes', async () => {
  const { root, result } = await importFiles({
    'content/authors.md': '+++\ntitle = "Authors"\n+++\nWho writes here.\n',
    'content/post.md': '+++\ntitle = "Post"\ndate = 2024-01-01\n[taxonomies]\nauthors = ["Ada"]\n+++\nThe lede.\n',
  });
  assert.match(result.stderr, /Unexpected second claim on \/authors\/ \(a redirect page\).* {2}import-url-collision/);
  assert.ok(existsSync(path.join(root, 'content/pages/authors.md')));
  assert.ok(!existsSync(path.join(root, 'public/authors/index.html')), 'no second file for /authors/');
  const built = await buildSite({ root, outDir: path.join(root, 'site'), env });
  assert.ok(built.ok, JSON.stringify(built.findings.filter((f) => f.severity === 'error')));
});
