import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { scanTree } from '../../src/leak/index.ts';
import { tempDir } from '../helpers/temp-dir.ts';

test('a finding in a rendered page points at the source line the author wrote', async () => {
  const root = await tempDir('galley-leak-trace-');
  await mkdir(path.join(root, 'content/entries'), { recursive: true });
  await mkdir(path.join(root, 'staging/entries/foo'), { recursive: true });
  const markdown = ['---', 'title: Foo', '---', '', 'Lede.', '', 'The NAS answers on 10.44.0.7 and', '[the wiki](http://wiki.tail9c1e.ts.net/) too.', '', 'Again: 10.44.0.7.', ''];
  await writeFile(path.join(root, 'content/entries/foo.md'), markdown.join('\n'));
  const html = [
    '<!doctype html>',
    '<html><head><title>Foo</title></head><body>',
    '<nav>home at 192.168.200.1</nav>',
    '<p>Lede.</p>',
    '<p>The NAS answers on 10&#46;44.0.7 and',
    '<a href="http://wiki.tail9c1e.ts.net/">the wiki</a> too.</p>',
    '<p>Again: 10.44.0.7.</p>',
    '<footer>also in the footer: 10.44.0.7</footer>',
    '</body></html>',
  ];
  await writeFile(path.join(root, 'staging/entries/foo/index.html'), html.join('\n'));
  const findings = await scanTree(path.join(root, 'staging'), {
    allow: [],
    sources: new Map([['entries/foo/index.html', 'content/entries/foo.md']]),
    root,
  });
  const got = findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
  assert.deepEqual(got, [
    'content/entries/foo.md:7:20 leak-private-address',
    'content/entries/foo.md:8:19 leak-tailnet-name',
    // The second occurrence maps to the second; the footer's third adds no new place.
    'content/entries/foo.md:10:8 leak-private-address',
    // Written by the template, not the author: stays in the output.
    'entries/foo/index.html:3:14 leak-private-address',
  ]);
  assert.match(findings[0]!.message, /in the output at entries\/foo\/index\.html:5:23/);
});
