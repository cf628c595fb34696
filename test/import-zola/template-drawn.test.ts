import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { importZolaSite } from '../../src/import-zola/import-site.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// Pages whose Zola template drew what readers saw: reported, and never counted "same".
const site: Record<string, string> = {
  'config.toml': 'base_url = "https://example.org"\n',
  'content/resume.md': '+++\ntitle = "Résumé"\ntemplate = "resume.html"\n[extra]\nrole = "Engineer"\n+++\n',
  'content/links.md': '+++\ntitle = "Links"\ntemplate = "links.html"\n+++\n{{ url(name="a") }}\n{{ url(name="b") }}\n',
  'content/about.md': `+++\ntitle = "About"\ntemplate = "about.html"\n+++\n${'Words of its own, written in the Markdown. '.repeat(8)}\n`,
  'content/archive/_index.md': '+++\ntitle = "Archive"\ntemplate = "archive.html"\n+++\n',
  'content/blog/_index.md': '+++\ntitle = "Blog"\n+++\n',
  'content/blog/post.md': '+++\ntitle = "Post"\ndate = 2024-01-01\n+++\nText.\n',
  'content/notes/_index.md': '+++\ntitle = "Notes"\ntemplate = "notes.html"\n+++\n',
  'content/notes/note.md': '+++\ntitle = "Note"\ndate = 2024-02-01\n+++\nText.\n',
};

test('a page or section drawn by its template is import-template-content and counted as such, not same', async () => {
  const dir = path.join(await tempDir(), 'zola');
  for (const [rel, text] of Object.entries(site)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  const result = await importZolaSite(dir, { importedOn: '2026-12-01' });
  const how = Object.fromEntries(result.urls.map((u) => [u.url, u.how]));
  assert.equal(how['/resume/'], 'template');
  assert.equal(how['/links/'], 'template');
  assert.equal(how['/archive/'], 'template');
  assert.equal(how['/about/'], 'same', 'a template with text of its own is the text');
  assert.equal(how['/blog/'], 'galley', "a plain listing is galley's listing");
  assert.equal(how['/notes/'], 'galley', "what a section's template drew from its entries is galley's listing");
  const rows = result.log.findings().filter((f) => f.ruleId === 'import-template-content');
  assert.deepEqual(rows.map((f) => `${f.file}:${f.line} ${f.severity}`).sort(), ['content/archive/_index.md:3 warning', 'content/links.md:3 warning', 'content/resume.md:3 warning']);
});

test('a header key Zola ignores gets no row: it showed nowhere', async () => {
  const dir = path.join(await tempDir(), 'zola');
  await mkdir(path.join(dir, 'content'), { recursive: true });
  await writeFile(path.join(dir, 'config.toml'), 'base_url = "https://example.org"\n');
  await writeFile(path.join(dir, 'content/post.md'), '+++\ntitle = "Post"\ndate = 2024-01-01\ntype = "post"\n+++\nText.\n');
  const result = await importZolaSite(dir, { importedOn: '2026-12-01' });
  assert.deepEqual(result.log.rows.filter((r) => r.subject.includes('type')), []);
  assert.ok(result.log.complete);
});
