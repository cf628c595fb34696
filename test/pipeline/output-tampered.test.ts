import assert from 'node:assert/strict';
import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../../src/pipeline/build-site.ts';
import { fixtureProject } from '../helpers/fixture-project.ts';
import { snapshotTree } from '../helpers/tree-snapshot.ts';

// A build with nothing changed in the project trusts the output's stamps (file stats, directory
// stats) instead of reading it. Whatever someone did to the output since, the next build must
// still leave exactly the tree a fresh build would.
const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };
const PAGE = 'entries/base/index.html';

const tamperings: Array<[label: string, tamper: (site: string) => Promise<void>]> = [
  ['a file added at the top', (site) => writeFile(path.join(site, 'stray.txt'), 'x\n')],
  ['a file added beside a page', (site) => writeFile(path.join(site, 'entries/base/notes.html'), '<p>x</p>\n')],
  ['a directory added under a page', (site) => mkdir(path.join(site, 'entries/base/drafts/old'), { recursive: true }).then(() => writeFile(path.join(site, 'entries/base/drafts/old/index.html'), 'x'))],
  ['an empty directory added', (site) => mkdir(path.join(site, 'tags/extra'))],
  ['a page removed', (site) => rm(path.join(site, PAGE))],
  ['a page edited', (site) => appendFile(path.join(site, PAGE), '<!-- edited -->\n')],
  [
    'a page replaced by rename, same bytes',
    async (site) => {
      await writeFile(path.join(site, 'copy.tmp'), await readFile(path.join(site, PAGE)));
      await rename(path.join(site, 'copy.tmp'), path.join(site, PAGE));
    },
  ],
];

for (const [label, tamper] of tamperings) {
  test(`unchanged project, output tampered with (${label}): the next build restores the built tree`, async () => {
    const root = await fixtureProject();
    const site = path.join(root, 'site');
    const first = await buildSite({ root, env });
    assert.equal(first.ok, true, JSON.stringify(first.findings));
    const built = await snapshotTree(site);
    assert.ok(built.files.some((f) => f.path === PAGE), `the fixture builds ${PAGE}`);
    assert.equal((await buildSite({ root, env })).stats.written, 0, 'an untouched tree is kept as it is');

    await tamper(site);
    const { ok } = await buildSite({ root, env });
    assert.equal(ok, true);
    assert.deepEqual(await snapshotTree(site), built);
    assert.equal((await import('node:fs')).existsSync(path.join(site, 'tags/extra')), false, 'no directory of its own is left');
  });
}
