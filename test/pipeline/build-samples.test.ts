import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { readManifest } from '../../src/output/manifest.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');

test('galley build on the samples: every entry has the four marked parts, numbered sections and the pinned htmx', async () => {
  const out = path.join(await tempDir(), 'site');
  const result = await runCli(['build', '--out', out], projectRoot);
  assert.equal(result.code, 0, result.stderr);
  const pins = JSON.parse(await readFile(path.join(projectRoot, 'vendor/pins.json'), 'utf8'));
  const slugs = await readdir(path.join(out, 'entries'));
  const sources = (await readdir(path.join(projectRoot, 'content/entries'))).filter((f) => f.endsWith('.md'));
  assert.ok(sources.length >= 3);
  assert.equal(slugs.length, sources.length);
  for (const slug of slugs) {
    const html = await readFile(path.join(out, 'entries', slug, 'index.html'), 'utf8');
    for (const part of ['metadata', 'skeptic', 'action', 'verification']) {
      assert.equal(html.match(new RegExp(`data-section="${part}"`, 'g'))?.length, 1, `${slug}: ${part}`);
    }
    const headings = [...html.matchAll(/<h2 id="[^"]+">([^<]*)/g)].map((m) => m[1]!);
    assert.ok(headings.length >= 3, slug);
    headings.forEach((text, i) => assert.ok(text.startsWith(`${i + 1}. `), `${slug}: ${text}`));
    const script = /<script src="(\/assets\/htmx\.[0-9a-f]{8}\.min\.js)" integrity="([^"]+)" crossorigin="anonymous"/.exec(html);
    assert.ok(script, `${slug}: htmx script`);
    assert.equal(script[2], pins.files['htmx.min.js'].sha384);
    assert.doesNotMatch(html, /<script>|style="/, 'no inline script or style');
    assert.match(html, /<meta name="htmx-config" content="\{&#x22;includeIndicatorStyles&#x22;:false\}">/);
  }
  const manifest = await readManifest(out);
  assert.ok(manifest.files.some((f) => /^assets\/site\.[0-9a-f]{8}\.css$/.test(f.path)));
  for (const file of ['index.html', 'atom.xml', 'sitemap.xml', 'robots.txt', '404.html', 'tags/index.html']) {
    assert.ok(manifest.files.some((f) => f.path === file), file);
  }
});
