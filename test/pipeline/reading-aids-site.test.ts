import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, test } from 'node:test';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { listFiles } from '../../src/output/manifest.ts';
import { projectRoot } from '../helpers/fixture-project.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// The sample site, built once: the CSP gate (no inline style or script anywhere in the output)
// and the reading aids as readers meet them on the sample entries.
// Made here, not in `before`: the helper removes it after the scope that created it.
const out = path.join(await tempDir(), 'site');
const pages = new Map<string, Root>();

before(async () => {
  const result = await runCli(['build', '--out', out], projectRoot, { ...process.env, SOURCE_DATE_EPOCH: '1790000000' });
  assert.equal(result.code, 0, result.stderr);
  for (const f of await listFiles(out)) {
    if (f.path.endsWith('.html')) pages.set(f.path, fromHtml(await readFile(path.join(out, f.path), 'utf8')));
  }
});

function elements(tree: Root | Element, test: (e: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (e: Element) => void (test(e) && found.push(e)));
  return found;
}

const classes = (e: Element): string[] => (Array.isArray(e.properties.className) ? e.properties.className.map(String) : []);
const entries = () => [...pages].filter(([p]) => p.startsWith('entries/'));

test('no output page has a style attribute, a style element, an inline script, an event handler or a javascript: URL', () => {
  assert.ok(pages.size >= 8, `pages: ${[...pages.keys()].join(', ')}`);
  for (const [file, tree] of pages) {
    visit(tree, 'element', (e: Element) => {
      assert.equal(e.properties.style, undefined, `${file}: style= on <${e.tagName}>`);
      assert.notEqual(e.tagName, 'style', `${file}: a <style> element`);
      for (const key of Object.keys(e.properties)) assert.doesNotMatch(key, /^on[a-z]/, `${file}: ${key} on <${e.tagName}>`);
      for (const url of [e.properties.href, e.properties.src]) assert.doesNotMatch(String(url ?? ''), /^\s*javascript:/i, file);
      if (e.tagName === 'script') {
        assert.ok(e.properties.src, `${file}: a <script> without src`);
        assert.equal(toString(e).trim(), '', `${file}: an inline <script> body`);
      }
    });
  }
});

test('the samples show highlighted YAML, Nix and shell with classes, a title, a caption and marked lines', () => {
  const blocks = entries().flatMap(([, tree]) => elements(tree, (e) => e.tagName === 'code' && classes(e).some((c) => c.startsWith('language-'))));
  const tokens = (block: Element) => elements({ type: 'root', children: [block] }, (e) => classes(e).some((c) => c.startsWith('hljs-'))).length;
  for (const language of ['yaml', 'nix', 'sh']) {
    const ofLanguage = blocks.filter((b) => classes(b).includes(`language-${language}`));
    assert.ok(ofLanguage.length > 0, `a ${language} block`);
    assert.ok(ofLanguage.some((b) => tokens(b) >= 5), `${language} is highlighted`);
  }
  const all = entries().map(([, tree]) => tree);
  assert.ok(all.some((t) => elements(t, (e) => classes(e).includes('code-title')).length > 0), 'a code title');
  assert.ok(all.some((t) => elements(t, (e) => classes(e).includes('code-caption')).length > 0), 'a code caption');
  assert.ok(all.some((t) => elements(t, (e) => e.tagName === 'mark' && classes(e).includes('line')).length > 0), 'a marked line');
});

test('every entry links its numbered sections from the contents, and each heading has a # anchor to its id', () => {
  for (const [file, tree] of entries()) {
    const sections = elements(tree, (e) => e.tagName === 'h2' && typeof e.properties.id === 'string' && e.properties.id !== 'footnote-label');
    const [toc] = elements(tree, (e) => e.tagName === 'nav' && classes(e).includes('toc'));
    assert.ok(toc, `${file}: contents`);
    const links = elements({ type: 'root', children: [toc] }, (e) => e.tagName === 'a');
    assert.deepEqual(links.map((a) => a.properties.href), sections.map((h) => `#${h.properties.id}`), file);
    links.forEach((a, i) => assert.match(toString(a), new RegExp(`^${i + 1}\\. `), `${file}: contents numbered like the sections`));
    for (const heading of sections) {
      const [anchor] = elements(heading, (e) => e.tagName === 'a' && classes(e).includes('heading-anchor'));
      assert.equal(anchor?.properties.href, `#${heading.properties.id}`, `${file}: anchor of ${heading.properties.id}`);
      assert.equal(toString(anchor!), '#');
    }
  }
});

test('footnotes come after the last section with working back-references; reading time is in the metadata table', () => {
  let notes = 0;
  for (const [file, tree] of entries()) {
    const ids = new Set(elements(tree, (e) => typeof e.properties.id === 'string').map((e) => String(e.properties.id)));
    for (const ref of elements(tree, (e) => e.properties.dataFootnoteRef !== undefined || e.properties.dataFootnoteBackref !== undefined)) {
      assert.ok(ids.has(String(ref.properties.href).slice(1)), `${file}: ${ref.properties.href}`);
      notes += 1;
    }
    const [article] = elements(tree, (e) => e.tagName === 'article');
    const parts = article!.children.filter((c): c is Element => c.type === 'element');
    const footnotes = parts.findIndex((e) => e.properties.dataFootnotes !== undefined);
    if (footnotes >= 0) {
      assert.equal(parts[footnotes - 1]?.properties.dataSection, 'action', `${file}: notes follow the last section`);
      assert.equal(parts[footnotes + 1]?.properties.dataSection, 'verification', file);
    }
    const [metadata] = elements(tree, (e) => e.properties.dataSection === 'metadata');
    const [time] = elements(metadata!, (e) => e.tagName === 'time' && /^PT\d+M$/.test(String(e.properties.dateTime)));
    assert.equal(toString(time!), `${String(time!.properties.dateTime).slice(2, -1)} min`, file);
  }
  assert.ok(notes >= 4, 'the samples use footnotes');
});

test('every page loads the reading-aids stylesheet (light and dark code schemes) and the copy script from /assets/', async () => {
  const [css] = (await listFiles(out)).filter((f) => /^assets\/reading-aids\.[0-9a-f]{8}\.css$/.test(f.path));
  const [script] = (await listFiles(out)).filter((f) => /^assets\/copy-code\.[0-9a-f]{8}\.js$/.test(f.path));
  assert.ok(css && script);
  assert.match(await readFile(path.join(out, css.path), 'utf8'), /@media \(prefers-color-scheme: dark\)/);
  for (const [file, tree] of entries()) {
    assert.equal(elements(tree, (e) => e.tagName === 'link' && e.properties.href === `/${css.path}`).length, 1, file);
    assert.equal(elements(tree, (e) => e.tagName === 'script' && e.properties.src === `/${script.path}` && e.properties.defer === true).length, 1, file);
  }
});
