// Where a link lands, read the way a browser reads it: another host is external however it is
// spelled, and dot segments resolve before the output tree is looked at.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkTarget, resolveLink } from '../../src/links/resolve-link.ts';

const PAGE = '/entries/a/';

const cases: { url: string; want: 'external' | { candidates: string[]; fragment?: string } }[] = [
  { url: 'https://example.org/x', want: 'external' },
  { url: 'HTTPS://example.org/x', want: 'external' },
  { url: 'mailto:editor@example.org', want: 'external' },
  // Protocol-relative, and the spellings browsers read as protocol-relative.
  { url: '//host/x', want: 'external' },
  { url: '///host/x', want: 'external' },
  { url: '\\\\host\\x', want: 'external' },
  { url: '\\\\host/x', want: 'external' },
  { url: '/\\host/x', want: 'external' },
  { url: '\\/host/x', want: 'external' },
  { url: ' //host/x', want: 'external' },
  { url: '\t//host/x', want: 'external' },
  // Plain site paths.
  { url: '/', want: { candidates: ['index.html'] } },
  { url: '/entries/b/', want: { candidates: ['entries/b/index.html'] } },
  { url: '/about', want: { candidates: ['about', 'about/index.html'] } },
  { url: '/entries/b/#second', want: { candidates: ['entries/b/index.html'], fragment: 'second' } },
  { url: '/entries/b/#', want: { candidates: ['entries/b/index.html'] } },
  // Dot segments resolve, in plain paths too.
  { url: '/entries/../about/', want: { candidates: ['about/index.html'] } },
  { url: '/entries/./b/', want: { candidates: ['entries/b/index.html'] } },
  { url: '/entries/b/..', want: { candidates: ['entries/index.html'] } },
  { url: '/entries/b/.#top', want: { candidates: ['entries/b/index.html'], fragment: 'top' } },
  { url: '/../../etc/passwd', want: { candidates: ['etc/passwd', 'etc/passwd/index.html'] } },
  { url: '/%2e%2e/about/', want: { candidates: ['about/index.html'] } },
  // A dot that is not a segment stays.
  { url: '/entries/b.c/', want: { candidates: ['entries/b.c/index.html'] } },
  { url: '/entries/..b/', want: { candidates: ['entries/..b/index.html'] } },
  // Relative to the page, escapes and queries.
  { url: 'b/', want: { candidates: ['entries/a/b/index.html'] } },
  { url: '../b/', want: { candidates: ['entries/b/index.html'] } },
  { url: '#here', want: { candidates: ['entries/a/index.html'], fragment: 'here' } },
  { url: '/caf%C3%A9/', want: { candidates: ['café/index.html'] } },
  { url: '/a?q=1#x%20y', want: { candidates: ['a', 'a/index.html'], fragment: 'x y' } },
  // A colon is not a scheme unless a letter starts the link; a malformed escape stays as written.
  { url: '/10:30/', want: { candidates: ['10:30/index.html'] } },
  { url: '/notes/at:10/', want: { candidates: ['notes/at:10/index.html'] } },
  { url: 'notes:draft', want: 'external' },
  { url: '/bad%zz/', want: { candidates: ['bad%zz/index.html'] } },
  { url: '/entries/b/#%zz', want: { candidates: ['entries/b/index.html'], fragment: '%zz' } },
];

for (const c of cases) {
  test(`linkTarget ${JSON.stringify(c.url)} from ${PAGE} is ${c.want === 'external' ? 'external' : c.want.candidates[0]}`, () => {
    const want = c.want === 'external' ? { kind: 'external' } : { kind: 'internal', candidates: c.want.candidates, fragment: c.want.fragment };
    assert.deepEqual(linkTarget(c.url, PAGE), want);
  });
}

test('resolveLink picks the first candidate the output tree has', () => {
  const outputs = new Set(['about/index.html']);
  assert.deepEqual(resolveLink('/about', PAGE, (p) => outputs.has(p)), { kind: 'internal', candidates: ['about', 'about/index.html'], fragment: undefined, outPath: 'about/index.html' });
  assert.equal((resolveLink('/nope', PAGE, (p) => outputs.has(p)) as { outPath?: string }).outPath, undefined);
  assert.deepEqual(resolveLink('//host/about', PAGE, () => true), { kind: 'external' });
});
