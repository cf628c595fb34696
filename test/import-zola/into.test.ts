import assert from 'node:assert/strict';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { listTree } from '../../src/output/list-tree.ts';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { fixtureSites } from './helpers.ts';

const docs = path.join(fixtureSites[1]!.dir, 'input');

// Loading the project's config fills galley's own cache under .galley/, as any command does.
const projectFiles = async (root: string): Promise<string[]> => (await listTree(root)).filter((f) => !f.startsWith('.galley/'));

/** A galley project of its own: a config with a field and a feed, an entry, a page, a public file. */
async function project(): Promise<string> {
  const root = path.join(await tempDir(), 'project');
  const files: Record<string, string> = {
    'site.config.ts': "import { defineConfig } from 'galley';\n\nexport default defineConfig({\n  site: { title: 'Ours', baseUrl: 'https://ours.example.org/' },\n  sections: { required: [] },\n  frontMatter: { fields: { systems: 'string[]', reviewer: 'string' } },\n});\n",
    'content/pages/about.md': '---\ntitle: About us\n---\nWe were here first.\n',
    'public/robots-extra.txt': 'ours\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  return root;
}

test('--into . adds the site to the project: its files beside ours, fields and feeds added to the config, and it builds', async () => {
  const root = await project();
  const result = await runCli(['import-zola', docs, '--into', '.'], root);
  assert.equal(result.code, 1, result.stderr); // the docs fixture has items for a person
  const config = await readFile(path.join(root, 'site.config.ts'), 'utf8');
  assert.match(config, /fields: \{ author_name: "string", author_url: "string", extra_toc: "boolean", show_edit: "boolean", sidebar: "boolean", systems: 'string\[\]', reviewer: 'string' \}/);
  assert.match(config, /^ {2}feeds: \[\{ path: "\/rss\.xml" \}, \{ path: "\/tags\/release\/rss\.xml", tag: "release" \}\],$/m);
  assert.match(config, /site: \{ title: 'Ours'/, 'the project keeps its own site settings');
  assert.equal(await readFile(path.join(root, 'content/pages/about.md'), 'utf8'), '---\ntitle: About us\n---\nWe were here first.\n');
  const files = await listTree(root);
  for (const f of ['content/pages/docs/index.md', 'content/pages/docs/getting-started/install.md', 'content/entries/release.md', 'public/logo.svg', 'public/robots-extra.txt', 'import-report.md']) assert.ok(files.includes(f), f);
  const built = await buildSite({ root, outDir: path.join(root, 'site'), drafts: true });
  assert.deepEqual(built.findings.filter((f) => f.severity === 'error'), []);
});

test('--into refuses to overwrite any file, names each, and writes nothing', async () => {
  const root = await project();
  await mkdir(path.join(root, 'content/pages/docs'), { recursive: true });
  await writeFile(path.join(root, 'content/pages/docs/index.md'), '---\ntitle: Our docs\n---\nOurs.\n');
  await cp(path.join(docs, 'static/logo.svg'), path.join(root, 'public/logo.svg'));
  const before = await projectFiles(root);
  const config = await readFile(path.join(root, 'site.config.ts'), 'utf8');
  const result = await runCli(['import-zola', docs, '--into', '.'], root);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /content\/pages\/docs\/index\.md:1:1 {2}error {2}Unexpected existing content\/pages\/docs\/index\.md, expected the import to add files only {2}import-into-exists/);
  assert.match(result.stderr, /public\/logo\.svg:1:1 {2}error {2}Unexpected existing public\/logo\.svg/);
  assert.deepEqual(await projectFiles(root), before, 'nothing written');
  assert.equal(await readFile(path.join(root, 'site.config.ts'), 'utf8'), config);
});

const refusals: [string, (root: string) => Promise<string[]>, RegExp][] = [
  ['a directory without site.config.ts', async (root) => (await writeFile(path.join(root, 'site.config.ts'), ''), ['--into', 'elsewhere']), /import-into-no-project/],
  ['--into with --loose-sections', async () => ['--into', '.', '--loose-sections'], /import-usage/],
  ['a field the project declares with another type', async (root) => {
    const file = path.join(root, 'site.config.ts');
    await writeFile(file, (await readFile(file, 'utf8')).replace("reviewer: 'string'", "reviewer: 'string', sidebar: 'string'"));
    return ['--into', '.'];
  }, /site\.config\.ts:1:1 {2}error {2}Unexpected field `sidebar` of type string in site\.config\.ts, expected boolean.*import-into-config/],
  ['a config the import cannot edit', async (root) => {
    await writeFile(path.join(root, 'site.config.ts'), "import { defineConfig } from 'galley';\nconst config = { site: { title: 'Ours' } };\nexport default defineConfig(config);\n");
    return ['--into', '.'];
  }, /Unexpected shape of site\.config\.ts[\s\S]*Add to site\.config\.ts by hand: frontMatter\.fields \{ author_name: "string"/],
];
for (const [name, arrange, message] of refusals) {
  test(`--into refuses ${name}: exit 2, nothing written`, async () => {
    const root = await project();
    await mkdir(path.join(root, 'elsewhere'), { recursive: true });
    const args = await arrange(root);
    const before = await projectFiles(root);
    const result = await runCli(['import-zola', docs, ...args], root);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, message);
    assert.deepEqual(await projectFiles(root), before);
  });
}
