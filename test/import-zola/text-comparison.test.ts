import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { compareText, markdownText, reportedLost, servedText } from '../../scripts/compare-zola-text.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { fixtureSites, importProject, zolaSite } from './helpers.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

for (const { name, dir } of fixtureSites) {
  test(`${name}: the report's lost count is the page-by-page text comparison's, and a page cut short after the build is found`, async () => {
    const root = path.join(await tempDir(), 'project');
    const zola = path.join(dir, 'input');
    const result = await importProject(zola, root, { looseSections: true });
    const built = await buildSite({ root, outDir: path.join(root, 'site'), drafts: true, env });
    assert.ok(built.ok, JSON.stringify(built.findings.filter((f) => f.severity === 'error')));
    const pages = compareText(zola, path.join(root, 'site'), result.urls);
    assert.ok(pages.length >= 3, `${pages.length} pages compared`);
    assert.equal(pages.filter((p) => p.lost).length, reportedLost(result.urls), JSON.stringify(pages.filter((p) => p.lost)));
    // The comparison bites: the longest page served without its <main> text is lost.
    const longest = [...pages].sort((a, b) => b.words - a.words)[0]!;
    const served = result.urls.find((u) => u.url === longest.url)!.to;
    const file = path.join(root, 'site', served.slice(1), 'index.html');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/<main\b[\s\S]*<\/main>/, '<main></main>'));
    assert.deepEqual(compareText(zola, path.join(root, 'site'), result.urls).filter((p) => p.lost).map((p) => p.url), [longest.url]);
  });
}

test('a page the import reports lost is lost by the comparison too', async () => {
  // The same import, read as if it had lost the page: the comparison must find no text served for it.
  const zola = await zolaSite({
    'config.toml': 'base_url = "https://example.org"\n',
    'content/post.md': '+++\ntitle = "Post"\ndate = 2024-01-01\n+++\nThe words of a post that the build serves in full, every one of them.\n',
  });
  const root = path.join(await tempDir(), 'project');
  const result = await importProject(zola, root);
  await buildSite({ root, outDir: path.join(root, 'site'), env });
  const gone = result.urls.map((u) => (u.kind === 'page' ? { ...u, how: 'lost' as const, to: '' } : u));
  assert.equal(reportedLost(gone), 1);
  assert.deepEqual(compareText(zola, path.join(root, 'site'), gone).filter((p) => p.lost).map((p) => p.url), ['/post/']);
  assert.deepEqual(compareText(zola, path.join(root, 'site'), result.urls).filter((p) => p.lost), []);
});

test("a shortcode call's words are not the page's; a body's and raw HTML's text are", () => {
  const text = markdownText('Intro {{ youtube(id="abc123xyz") }} and\n\n{% note() %}Kept body{% end %}\n\n<figure><figcaption>Caption words</figcaption></figure>\n<!-- hidden remark -->\n');
  assert.doesNotMatch(text, /youtube|abc123xyz|hidden/);
  assert.match(text, /Kept body/);
  assert.match(text, /Caption words/);
  assert.deepEqual(servedText('<html><body><header>Site</header><main><p>Only <b>this</b></p><img src="a.png" alt="A chart"></main></body></html>').split(/\s+/), ['Only', 'this', 'A', 'chart']);
});
