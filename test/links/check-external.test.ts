import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fixtureProject } from '../helpers/fixture-project.ts';
import { runCli } from '../helpers/run-cli.ts';

// Each route of a server on 127.0.0.1, how it answers, and the finding `check --external` must
// report for a link to it (undefined: none). The network never leaves the loopback.
const routes: Record<string, { answer: (req: IncomingMessage, res: ServerResponse) => void; expect?: RegExp }> = {
  '/ok': { answer: (_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>') },
  '/moved': { answer: (_, res) => res.writeHead(301, { location: '/ok' }).end() },
  '/head-refused': { answer: (req, res) => res.writeHead(req.method === 'HEAD' ? 405 : 200).end('fine') },
  '/gone': { answer: (_, res) => res.writeHead(404).end('not here'), expect: /^Unexpected HTTP 404 from `http:\/\/127\.0\.0\.1:\d+\/gone`/ },
  '/fails': { answer: (_, res) => res.writeHead(500).end('oops'), expect: /^Unexpected HTTP 500 from / },
};

test('check --external reports every link that does not answer, where it is written, and nothing else', async (t) => {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    (routes[req.url ?? ''] ?? routes['/gone']!).answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port nothing listens on: taken, then given back.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
  await new Promise((resolve) => closed.close(resolve));

  const root = await fixtureProject();
  const entry = path.join(root, 'content/entries/base.md');
  const links = [
    ...Object.keys(routes).map((route) => ({ line: `- [${route}](${base}${route})`, expect: routes[route]!.expect })),
    { line: `- [again, another fragment](${base}/gone#part)`, expect: /HTTP 404/ },
    { line: `- [with a user](http://reader:hunter2-secret@127.0.0.1:${new URL(base).port}/gone)`, rule: 'link-external-credentials', expect: /^Unexpected user or password in the link to `http:\/\/127\.0\.0\.1:\d+\/gone`/ },
    { line: `- [nothing listens](${closedUrl})`, expect: /^Unexpected failure to reach `http:\/\/127\.0\.0\.1:\d+\/` \(ECONNREFUSED\)/ },
  ];
  const text = await readFile(entry, 'utf8');
  const anchor = 'More text.\n';
  await writeFile(entry, text.replace(anchor, `${anchor}\n${links.map((l) => l.line).join('\n')}\n`));
  const firstLine = text.slice(0, text.indexOf(anchor)).split('\n').length + 2;

  const offline = await runCli(['check'], root);
  assert.equal(offline.code, 0, offline.stderr);
  assert.equal(requests.length, 0, 'without --external nothing is asked');

  const result = await runCli(['check', '--external', '--format', 'json'], root);
  assert.equal(result.code, 1, result.stderr);
  const findings = (JSON.parse(result.stdout) as Array<{ file: string; line: number; column: number; ruleId: string; message: string; hint?: string }>).filter((f) =>
    f.ruleId.startsWith('link-external-'),
  );
  const expected = links.map((l, i) => ({ ...l, at: firstLine + i })).filter((l) => l.expect);
  assert.deepEqual(
    findings.map((f) => [f.file, f.line, f.column, f.ruleId]),
    expected.map((l) => ['content/entries/base.md', l.at, 3, 'rule' in l ? l.rule : 'link-external-broken']),
  );
  findings.forEach((f, i) => {
    assert.match(f.message, expected[i]!.expect!);
    assert.ok(f.hint, 'every finding has a hint');
  });
  assert.doesNotMatch(result.stdout + result.stderr, /hunter2/, 'a password in a URL is never printed');
  for (const route of Object.keys(routes)) assert.ok(requests.some((r) => r.endsWith(` ${route}`)), `${route} was asked`);
  assert.equal(requests.filter((r) => r === 'HEAD /gone').length, 1, 'a URL written twice is asked once');
});
