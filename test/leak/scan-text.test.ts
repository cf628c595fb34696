import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { generateKeyPairSync } from 'node:crypto';
import { fingerprint, scanText } from '../../src/leak/index.ts';

// A value written as character references in a page, escaped once more as a feed's XML text.
const twice = (s: string): string => [...s].map((c) => `&amp;#${c.codePointAt(0)};`).join('');

// Small, hand-written edge cases; the generated corpus (scan-tree.test.ts) covers every rule in
// every view. Each expectation is `line:column rule`.
const cases: { name: string; file?: string; text: string; want: string[] }[] = [
  { name: 'end of a sentence', text: 'The NAS is at 10.1.2.3.\n', want: ['1:15 leak-private-address'] },
  { name: 'a CIDR block', text: 'route 192.168.0.0/16 via wg0', want: ['1:7 leak-private-address'] },
  { name: 'an address range', text: 'pool 10.0.0.10-10.0.0.99', want: ['1:6 leak-private-address', '1:16 leak-private-address'] },
  { name: 'with a port', text: 'http://172.20.1.1:8080/', want: ['1:8 leak-private-address'] },
  { name: 'IPv6 with a zone', text: 'ssh fe80::1%eth0', want: ['1:5 leak-private-address'] },
  // Found by the property test: seven groups then `::`.
  { name: 'IPv6 ending in ::', text: 'net fc00:0:0:0:0:0:0:: here', want: ['1:5 leak-private-address'] },
  { name: 'IPv6 in a URL', text: '<a href="http://[fd12:3456:789a::1]:80/">', want: ['1:18 leak-private-address'] },
  // Decided: a dotted quad in a version context is a version (README, "Leak scan").
  { name: 'version: pre-release suffix', text: 'cluster 10.0.0.1-beta', want: [] },
  { name: 'version: v prefix', text: 'release v10.0.0.1', want: [] },
  { name: 'user@host is an address', text: 'ssh admin@192.168.1.1', want: ['1:11 leak-private-address'] },
  { name: 'version: version key', text: "version = '10.0.0.1'", want: [] },
  { name: 'version: a bare word is not a context', text: 'version 10.0.0.1 of the plan', want: ['1:9 leak-private-address'] },
  { name: 'OID', text: 'oid 1.3.6.1.4.1.10.0.0.1', want: [] },
  { name: 'octet out of range', text: '10.0.0.256', want: [] },
  { name: 'leading zeros are not an address', text: '010.0.0.1', want: [] },
  { name: 'CSS colour', file: 'a.css', text: '.x { color: #fd7a11; }', want: [] },
  { name: 'tailnet name', text: 'open https://grafana.tail1a2b.ts.net/', want: ['1:14 leak-tailnet-name'] },
  { name: 'a domain containing ts.net', text: 'https://ts.net.example.org and posts.networks.example', want: [] },
  { name: 'entity across a second line', file: 'a.html', text: '<p>\nsee 10&#46;9&#46;8&#46;7</p>', want: ['2:5 leak-private-address'] },
  { name: 'tags split an address', file: 'a.html', text: '<code><span>192.168</span>.<b>4.4</b></code>', want: ['1:13 leak-private-address'] },
  { name: 'block tags do not join cells', file: 'a.html', text: '<td>10.0</td><td>0.1</td>', want: [] },
  { name: 'URL-encoded in a query', file: 'a.html', text: '<a href="/s?q=10%2E1%2E1%2E1">', want: ['1:15 leak-private-address'] },
  { name: 'feed: HTML content decoded twice', file: 'feed.xml', text: `<feed>\n<entry><content type="html">&lt;p&gt;at ${twice('10.20.0.1')}&lt;/p&gt;</content></entry></feed>`, want: ['2:41 leak-private-address'] },
  { name: 'feed: an HTML title', file: 'feed.atom', text: `<feed>\n<title type="html">lab ${twice('10.20.0.1')}</title></feed>`, want: ['2:24 leak-private-address'] },
  // A reader shows these once decoded: `&#49;…` as characters, not an address.
  { name: 'feed: a text title', file: 'feed.atom', text: `<feed><title>lab ${twice('10.20.0.1')}</title></feed>`, want: [] },
  { name: 'feed: text content', file: 'feed.atom', text: `<feed><entry><content type="text">${twice('10.20.0.1')}</content></entry></feed>`, want: [] },
  { name: 'an HTML page is not a feed', file: 'a.html', text: `<details><summary>${twice('10.20.0.1')}</summary></details>`, want: [] },
  { name: 'feed: a version in escaped JSON', file: 'feed.xml', text: '<feed><entry><summary>&quot;version&quot;: &quot;10.1.0.2&quot;</summary></entry></feed>', want: [] },
];

for (const c of cases) {
  test(`scanText: ${c.name}`, () => {
    const got = scanText(c.file ?? 'a.txt', c.text).map((f) => `${f.line}:${f.column} ${f.ruleId}`);
    assert.deepEqual(got, c.want);
  });
}

test('bytes of a .gz file are scanned decompressed, placed in the decompressed text', () => {
  const text = '<html>\n<body>\n<p>lab: 192.168.5.5</p>\n</body>\n</html>\n';
  const findings = scanText('index.html.gz', gzipSync(text));
  assert.deepEqual(findings.map((f) => `${f.line}:${f.column} ${f.ruleId}`), ['3:9 leak-private-address']);
  assert.match(findings[0]!.message, /decompressed/);
});

test('an undecodable .gz is a finding, not a silent pass', () => {
  const [finding] = scanText('app.js.gz', Buffer.from('not gzip at all 10.0.0.1'));
  assert.equal(finding?.ruleId, 'leak-unreadable');
  assert.ok(!finding.message.includes('10.0.0.1'));
});

test('binary files are skipped', () => {
  assert.deepEqual(scanText('logo.png', Buffer.from('\x89PNG\r\n\x1a\n\0\0\0 10.0.0.1', 'latin1')), []);
});

test('the fingerprint is sha256 of rule id, NUL and the normalized value', () => {
  const [a] = scanText('a.txt', 'at FD00:0:0:0:0:0:0:1 now');
  const [b] = scanText('b.txt', 'at fd00::1 now');
  assert.equal(a?.fingerprint, b?.fingerprint);
  assert.equal(a?.fingerprint, fingerprint('leak-private-address', 'fd00:0000:0000:0000:0000:0000:0000:0001'));
});

// The contract users store in site.config.ts, pinned to values hashed outside this code, by
// `printf '%s\0%s' RULE VALUE | sha256sum` (not `printf 'RULE\0VALUE'`: a digit after \0 reads as octal).
const pinnedFingerprints: { text: string; rule: string; normalized: string; sha256: string }[] = [
  { text: 'lab at 10.1.2.3 here', rule: 'leak-private-address', normalized: '10.1.2.3', sha256: '88a3dfdcc81bbc22314e91d5e140f2d8608e6d93bfe1b1b27122bdd4247f1767' },
  { text: 'ssh FD00::1 now', rule: 'leak-private-address', normalized: 'fd00:0000:0000:0000:0000:0000:0000:0001', sha256: '72be6513a90edf29adfc72ebca1359975861cd505ada84ca4d7413d847392d85' },
  { text: 'open https://Grafana.Tail1a2b.TS.net/', rule: 'leak-tailnet-name', normalized: 'grafana.tail1a2b.ts.net', sha256: 'abe794d40feff607249248cbd4bc55ec7a9c901b5021c462fcdbcf12d8c1cd75' },
  { text: 'key AKIA2345ABCDEFGHIJKL', rule: 'leak-aws-access-key', normalized: 'AKIA2345ABCDEFGHIJKL', sha256: '9cc9b5f0a464a24252f9c98e76b678429450b6e9e7252f7040589f166a71adf0' },
];
for (const pin of pinnedFingerprints) {
  test(`the fingerprint of ${pin.rule} ${pin.normalized} is the sha256 computed by hand`, () => {
    const findings = scanText('a.txt', pin.text);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.fingerprint]), [[pin.rule, pin.sha256]]);
    const allowed = scanText('a.txt', pin.text, { allow: [{ fingerprint: pin.sha256, reason: 'pinned' }] });
    assert.equal(allowed[0]?.suppressed, true, 'the hand-computed value allows the finding');
  });
}

test('allowed fingerprints come back suppressed with their reason, severity kept', () => {
  const print = fingerprint('leak-private-address', '10.9.9.9');
  const findings = scanText('a.txt', '10.9.9.9 and 10.8.8.8', { allow: [{ fingerprint: print, reason: 'lab guide' }] });
  assert.deepEqual(findings.map((f) => [f.suppressed ?? false, f.severity]), [[true, 'error'], [false, 'error']]);
  assert.match(findings[0]!.message, /allowed: lab guide/);
});

// A fresh key, pasted the ways a page or a bundle may hold it.
const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim();
const keyLayouts: { name: string; file: string; text: string; view: RegExp }[] = [
  { name: 'lines joined by <br>', file: 'a.html', text: `<p>x</p>\n<p>${pem.split('\n').join('<br>')}</p>`, view: /chars\)`, expected/ },
  { name: 'a JS string with \\n escapes', file: 'app.js', text: `const a = 1;\nconst k = "${pem.split('\n').join('\\n')}";`, view: /./ },
  { name: 'one line per span', file: 'b.html', text: `<p>x</p>\n<pre>${pem.split('\n').map((l) => `<span class="line">${l}</span>`).join('\n')}</pre>`, view: /across tags/ },
];
for (const layout of keyLayouts) {
  test(`private key block: ${layout.name}`, () => {
    const findings = scanText(layout.file, layout.text);
    assert.deepEqual(findings.map((f) => `${f.line} ${f.ruleId}`), ['2 leak-private-key']);
    assert.match(findings[0]!.message, layout.view);
    assert.equal(findings[0]!.fingerprint, scanText('key.pem', pem)[0]!.fingerprint);
  });
}
