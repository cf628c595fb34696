import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { runCli } from '../helpers/run-cli.ts';
import { importProject, zolaSite } from './helpers.ts';

const complete = `+++
title = "Done"
date = 2024-02-03
[extra]
verification = [{ claim = "It works.", method = "Ran it." }]
+++
The lede.

## The skeptic's view

Maybe not.

## One concrete action

Try it.
`;

test('a site with nothing to fix imports completely: exit 0', async () => {
  const dir = await zolaSite({ 'config.toml': 'base_url = "https://example.org"\ntitle = "T"\n', 'content/done.md': complete });
  const out = path.join(path.dirname(dir), 'out');
  const result = await runCli(['import-zola', dir, '--out', out], path.dirname(dir));
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /the import is complete/);
  assert.match(await readFile(path.join(out, 'content/entries/done.md'), 'utf8'), /^---\ntitle: Done\ndate: 2024-02-03\n[\s\S]*aliases:\n {2}- \/done\/\n---\n/);
  assert.match(await readFile(path.join(out, 'import-report.md'), 'utf8'), /\| needs-person \| 0 \|/);
});

test('zola.toml is the config when both names are there, as Zola reads it', async () => {
  const dir = await zolaSite({ 'zola.toml': 'base_url = "https://new.example.org"\ntitle = "New"\n', 'config.toml': 'title = = 1\n', 'content/done.md': complete });
  const out = path.join(path.dirname(dir), 'out');
  const result = await runCli(['import-zola', dir, '--out', out], path.dirname(dir));
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(await readFile(path.join(out, 'site.config.ts'), 'utf8'), /from the Zola site's zola\.toml[\s\S]*baseUrl: "https:\/\/new\.example\.org\/"/);
});

const usage: [string, string[], Record<string, string>, RegExp][] = [
  ['no directory', [], {}, /import-usage/],
  ['no config.toml', ['zola'], { 'content/a.md': complete }, /import-no-config/],
  ['broken config.toml', ['zola'], { 'config.toml': 'base_url = "x"\ntitle = = 1\n' }, /config\.toml:2:\d+ {2}error {2}Unexpected TOML.*import-config-syntax/],
  ['broken zola.toml', ['zola'], { 'zola.toml': 'base_url = "x"\n\ntitle = = 1\n' }, /zola\.toml:3:\d+ {2}error {2}Unexpected TOML.*import-config-syntax/],
  ['config.toml without base_url', ['zola'], { 'config.toml': 'title = "x"\n' }, /import-config-invalid/],
];
for (const [name, args, files, message] of usage) {
  test(`${name}: exit 2 with a placed message`, async () => {
    const dir = await zolaSite(files);
    const result = await runCli(['import-zola', ...args.map((a) => (a === 'zola' ? dir : a)), '--out', path.join(path.dirname(dir), 'out')], path.dirname(dir));
    assert.equal(result.code, 2);
    assert.match(result.stderr, message);
  });
}

test('a page with a broken header needs a person, with its line: exit 1', async () => {
  const dir = await zolaSite({ 'config.toml': 'base_url = "https://example.org"\n', 'content/bad.md': '+++\ntitle = "x"\ndate = "soon"\n+++\n', 'content/done.md': complete });
  const result = await runCli(['import-zola', dir, '--out', path.join(path.dirname(dir), 'out')], path.dirname(dir));
  assert.equal(result.code, 1);
  assert.match(result.stderr, /content\/bad\.md:3:1 {2}warning {2}Unexpected value at `date`: expected a date like 2024-01-02 {2}import-front-matter/);
});

test('galley import-zola --help names its options', async () => {
  const result = await runCli(['import-zola', '--help'], process.cwd());
  assert.equal(result.code, 0);
  assert.match(result.stdout, /--out VALUE/);
  assert.match(result.stdout, /--force/);
});

test('an alias that another page already serves needs a person, and so do files Zola ignored', async () => {
  const dir = await zolaSite({
    'config.toml': 'base_url = "https://example.org"\nignored_content = ["*.tmp.md"]\n',
    'content/done.md': complete,
    'content/other.md': complete.replace('title = "Done"', 'title = "Other"\naliases = ["/done/"]'),
  });
  const result = await runCli(['import-zola', dir, '--out', path.join(path.dirname(dir), 'out')], path.dirname(dir));
  assert.equal(result.code, 1);
  assert.match(result.stderr, /content\/other\.md:1:1 {2}warning {2}Unexpected second claim on \/done\/ \(an alias\), expected one page per URL \(an alias of content\/done\.md has it\) {2}import-url-collision/);
  assert.match(result.stderr, /config\.toml:2:1 {2}warning {2}Unexpected `ignored_content` \(\*\.tmp\.md\)/);
});

test('an entry without the editorial parts is published as imported; a new entry keeps every rule; --loose-sections loosens them', async () => {
  const page = complete.replace(/\n## The skeptic's view[\s\S]*$/, '\n## Notes\n\nPlain notes.\n');
  const dir = await zolaSite({ 'config.toml': 'base_url = "https://example.org"\n', 'content/plain.md': page });
  const root = path.join(path.dirname(dir), 'strict');
  const strict = await runCli(['import-zola', dir, '--out', root], path.dirname(dir), { ...process.env, SOURCE_DATE_EPOCH: '1790000000' });
  assert.equal(strict.code, 0, strict.stderr);
  const written = await readFile(path.join(root, 'content/entries/plain.md'), 'utf8');
  assert.match(written, /\nimported:\n {2}from: zola\n {2}date: 2026-09-21\n/);
  assert.doesNotMatch(written, /To be written|draft: true/);
  assert.doesNotMatch(await readFile(path.join(root, 'site.config.ts'), 'utf8'), /required: \[\]/);
  await writeFile(path.join(root, 'content/entries/new.md'), '---\ntitle: New\ndate: 2026-01-01\nsummary: A new entry.\n---\nLede.\n');
  const built = await buildSite({ root, outDir: path.join(root, 'site') });
  assert.deepEqual(built.findings.filter((f) => f.severity === 'error').map((f) => `${f.file} ${f.ruleId}`), [
    'content/entries/new.md frontmatter-missing-key',
    'content/entries/new.md section-missing',
    'content/entries/new.md section-missing',
  ]);
  const loose = path.join(path.dirname(dir), 'loose');
  await importProject(dir, loose, { looseSections: true });
  assert.match(await readFile(path.join(loose, 'site.config.ts'), 'utf8'), /sections: \{ required: \[\] \}/);
});

test('an entry that starts with a setext # heading is published as it is, its heading demoted', async () => {
  const dir = await zolaSite({ 'config.toml': 'base_url = "https://example.org"\n', 'content/x.md': '+++\ntitle = "X"\ndate = 2024-01-01\n+++\n\nX\n=\n\nText.\n' });
  const root = path.join(path.dirname(dir), 'project');
  await importProject(dir, root);
  assert.match(await readFile(path.join(root, 'content/entries/x.md'), 'utf8'), /\n---\n\n## X\n\nText\.\n$/);
  const built = await buildSite({ root, outDir: path.join(root, 'site') });
  assert.ok(built.ok, JSON.stringify(built.findings));
  assert.match(await readFile(path.join(root, 'site/entries/x/index.html'), 'utf8'), /Imported from a Zola site/);
});
