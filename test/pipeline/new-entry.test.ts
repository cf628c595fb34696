import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fixtureProject } from '../helpers/fixture-project.ts';
import { runCli } from '../helpers/run-cli.ts';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };

test('galley new scaffolds a draft that fails only on its TODO parts', async () => {
  const dir = await fixtureProject();
  const made = await runCli(['new', 'Why the sidecar keeps old assets'], dir, env);
  assert.equal(made.code, 0, made.stderr);
  const file = 'content/entries/why-the-sidecar-keeps-old-assets.md';
  assert.match(await readFile(path.join(dir, file), 'utf8'), /^date: 2026-09-21$/m);
  assert.equal((await runCli(['check'], dir, env)).code, 0, 'a draft does not block a build');
  const drafts = await runCli(['check', '--drafts', '--format', 'json'], dir, env);
  assert.equal(drafts.code, 1);
  const findings = JSON.parse(drafts.stdout) as { file: string; ruleId: string; line: number }[];
  assert.ok(findings.length >= 7, drafts.stdout);
  for (const f of findings) {
    assert.equal(f.file, file);
    assert.match(f.ruleId, /^(frontmatter|section)-placeholder$/);
  }
  const again = await runCli(['new', 'Why the sidecar keeps old assets'], dir, env);
  assert.equal(again.code, 2, 'never overwrites an entry');
  assert.equal((await runCli(['new'], dir, env)).code, 2);
});

test('galley new --page scaffolds a draft page that fails only on its TODO, and builds at its address once written', async () => {
  const dir = await fixtureProject();
  const made = await runCli(['new', '--page', 'About'], dir, env);
  assert.equal(made.code, 0, made.stderr);
  const file = 'content/pages/about.md';
  const text = await readFile(path.join(dir, file), 'utf8');
  assert.equal((await runCli(['check'], dir, env)).code, 0, 'a draft does not block a build');
  const drafts = await runCli(['check', '--drafts', '--format', 'json'], dir, env);
  assert.equal(drafts.code, 1);
  assert.deepEqual((JSON.parse(drafts.stdout) as { file: string; ruleId: string }[]).map((f) => [f.file, f.ruleId]), [[file, 'section-placeholder']]);
  assert.equal((await runCli(['new', '--page', 'About'], dir, env)).code, 2, 'never overwrites a page');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path.join(dir, file), text.replace('draft: true', 'draft: false').replace('TODO: the text of the page.', 'Who writes this site.'));
  const built = await runCli(['build'], dir, env);
  assert.equal(built.code, 0, built.stderr);
  assert.match(await readFile(path.join(dir, 'site/about/index.html'), 'utf8'), /<h1>About<\/h1>/);
});

test('a 3 MB entry builds', async () => {
  const dir = await fixtureProject();
  const paragraph = 'The sidecar fetches, verifies the signature and the manifest, then swaps one symlink. '.repeat(8);
  const section = (n: number) => `## Part ${n}\n\n${paragraph}\n\n- one\n- two\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n`;
  let body = '';
  for (let n = 1; body.length < 3_000_000; n++) body += section(n);
  const text = `---\ntitle: Large\ndate: 2026-03-01\nsummary: A very long entry.\nverification:\n  - claim: It builds.\n    method: This test.\n---\nThe lede.\n\n${body}## The skeptic's view\n\nDoubt.\n\n## One concrete action\n\nAct.\n`;
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path.join(dir, 'content/entries/large.md'), text);
  const result = await runCli(['build'], dir, env);
  assert.equal(result.code, 0, result.stderr);
  const html = await readFile(path.join(dir, 'site/entries/large/index.html'), 'utf8');
  assert.ok(html.length > 3_000_000);
  assert.match(html, /<h2 id="part-1000">1000\. Part 1000 <a class="heading-anchor" href="#part-1000"/);
});
