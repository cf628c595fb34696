import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { urlForFile } from '../../src/import-zola/url-for-file.ts';
import { listTree } from '../../src/output/list-tree.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { fixtureInput, importProject } from './helpers.ts';

// The imported fixture builds with every gate, and the URL inventory before (what `zola build`
// writes, as the import computes it) and after (the files of the built site/) shows nothing
// lost: each old URL is served as it was, by an alias page, a redirect page or galley's own
// page; a URL whose page was imported as a draft waits for it, and the report names it.
test('the imported fixture site builds with every gate and keeps every Zola URL', async () => {
  const root = path.join(await tempDir(), 'project');
  const imported = await importProject(fixtureInput, root);
  const built = await buildSite({ root, outDir: path.join(root, 'site'), env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' } });
  assert.deepEqual(built.findings.filter((f) => f.severity === 'error'), [], 'no gate finding');
  assert.ok(built.ok);

  const files = (await listTree(path.join(root, 'site'))).filter((f) => !f.startsWith('.galley/'));
  const after = new Set(files.map(urlForFile));
  const served = imported.urls.filter((u) => u.how !== 'draft' && u.how !== 'lost');
  assert.ok(served.length >= 25, `the fixture exercises many URLs (${served.length})`);
  for (const u of served) assert.ok(after.has(u.url), `${u.url} (${u.kind}, ${u.how}) is in the built site`);

  // Moved URLs land where the report says.
  for (const u of served.filter((x) => x.how === 'alias' || x.how === 'redirect')) {
    const page = await readFile(path.join(root, 'site', decodeURIComponent(u.url.endsWith('/') ? `${u.url}index.html` : u.url)), 'utf8');
    assert.match(page, new RegExp(`http-equiv="refresh" content="0; url=${u.to.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`), `${u.url} → ${u.to}`);
    assert.ok(after.has(u.to), `${u.url} redirects to ${u.to}, which exists`);
  }
  // What is not served yet is in the report, each with a finding.
  const waiting = imported.urls.filter((u) => u.how === 'draft' || u.how === 'lost');
  const report = await readFile(path.join(root, 'import-report.md'), 'utf8');
  for (const u of waiting) {
    assert.ok(!after.has(u.url), `${u.url} is not served while it waits`);
    assert.match(report, new RegExp(`\\| ${u.url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\| ${u.kind} \\| ${u.how} \\|`));
  }
  assert.deepEqual(waiting.map((u) => `${u.how} ${u.url}`).sort(), ['draft /about-us/', 'draft /notes/garden/', 'draft /tags/garden/', 'lost /notes/atom.xml']);
});
