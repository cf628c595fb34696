import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { importProject } from './helpers.ts';

// Zola writes a section's feed (`generate_feeds` in its _index.md) and a taxonomy term's
// (`feed = true`) whether or not the site's own feed is on, under every `feed_filenames` name.
const shapes: { name: string; config: string; feeds: string[] }[] = [
  { name: 'site feed off', config: 'feed_filenames = ["rss.xml", "atom.xml"]\n', feeds: ['/blog/rss.xml', '/blog/atom.xml', '/tags/nix/rss.xml', '/tags/nix/atom.xml'] },
  { name: 'site feed on', config: 'generate_feeds = true\n', feeds: ['/atom.xml', '/blog/atom.xml', '/tags/nix/atom.xml'] },
  { name: 'old generate_rss', config: 'generate_rss = true\n', feeds: ['/rss.xml', '/blog/rss.xml', '/tags/nix/rss.xml'] },
];

for (const shape of shapes) {
  test(`every feed Zola writes is served, none lost (${shape.name})`, async () => {
    const dir = path.join(await tempDir(), 'zola');
    const files: Record<string, string> = {
      'config.toml': `base_url = "https://example.org"\n${shape.config}taxonomies = [{ name = "tags", feed = true }]\n`,
      'content/blog/_index.md': '+++\ntitle = "Blog"\ngenerate_feeds = true\n+++\n',
      'content/blog/post.md': '+++\ntitle = "Post"\ndate = 2024-01-01\n[taxonomies]\ntags = ["nix"]\n+++\nText.\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), text);
    }
    const root = path.join(path.dirname(dir), 'out');
    const result = await importProject(dir, root);
    const feeds = result.before.filter((u) => u.kind === 'feed').map((u) => u.url).sort();
    assert.deepEqual(feeds, [...shape.feeds].sort());
    assert.deepEqual(result.urls.filter((u) => u.how === 'lost'), []);
    const built = await buildSite({ root, outDir: path.join(root, 'site'), env: { ...process.env, SOURCE_DATE_EPOCH: '1790000000' } });
    assert.ok(built.ok, JSON.stringify(built.findings.filter((f) => f.severity === 'error')));
    for (const feed of feeds) {
      assert.ok(existsSync(path.join(root, 'site', feed)), `${feed} is written`);
      assert.match(await readFile(path.join(root, 'site', feed), 'utf8'), /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
    }
  });
}
