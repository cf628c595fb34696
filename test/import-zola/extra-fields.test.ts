import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extraFields } from '../../src/import-zola/extra-fields.ts';
import { ImportLog } from '../../src/import-zola/import-log.ts';
import type { ZolaPage } from '../../src/import-zola/read-content.ts';
import { splitFrontMatter } from '../../src/import-zola/split-front-matter.ts';
import { zolaPageSchema } from '../../src/import-zola/zola-front-matter.ts';

function page(file: string, header: string): { page: ZolaPage; kind: 'entry' | 'page' } {
  const front = splitFrontMatter(`+++\n${header}\n+++\n`);
  const meta = zolaPageSchema.parse(front.data);
  return { kind: meta.date ? 'entry' : 'page', page: { kind: 'page', file, rel: file, components: [], front, meta, stem: file, colocated: undefined, assets: [] } };
}

test('[extra] keys become typed fields: tables flattened, reserved and odd names prefixed, one type per key', () => {
  const log = new ImportLog();
  const a = page('a.md', 'title = "A"\n[extra]\ntoc = true\nshow-edit = false\nauthor = { name = "Ada", url = "u" }\nlevels = [1, 2]\nmood = "calm"\nstatus = "ok"');
  const b = page('b.md', 'title = "B"\ndate = 2024-01-02\n[extra]\nmood = 3\nstatus = "done"\nsince = 2020-05-01');
  const fields = extraFields([a, b], log);
  assert.deepEqual(Object.fromEntries(fields.types), { author_name: 'string', author_url: 'string', extra_status: 'string', extra_toc: 'boolean', show_edit: 'boolean', since: 'date' });
  assert.deepEqual(fields.of(a.page), { author_name: 'Ada', author_url: 'u', extra_status: 'ok', extra_toc: true, show_edit: false });
  // An entry's `status` is its own header field; the page's is kept under another name.
  assert.deepEqual(fields.of(b.page), { since: '2020-05-01' });
  assert.deepEqual(log.findings().map((f) => `${f.file}:${f.line} ${f.message}`), [
    'a.md:7 Unexpected `[extra]` key `levels` with a value of another shape (a list of other than strings), expected a header field',
    'a.md:8 Unexpected `[extra]` key `mood` with types that differ between files (string, number), expected a header field',
    'b.md:5 Unexpected `[extra]` key `mood` with types that differ between files (string, number), expected a header field',
  ]);
});
