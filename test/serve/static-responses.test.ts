// What the development static server answers, over a site written here: each file type's
// Content-Type, the production CSP, clean URLs, both 404s, HEAD, the dev server's hooks, close().
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { serveStatic } from '../../src/serve/static-server.ts';
import { rawGet } from '../helpers/raw-http.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

async function writeSite(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('galley-static-');
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), content);
  }
  return dir;
}

const types: [string, string][] = [
  ['page.html', 'text/html; charset=utf-8'],
  ['style.css', 'text/css; charset=utf-8'],
  ['app.js', 'text/javascript; charset=utf-8'],
  ['feed.json', 'application/json'],
  ['atom.xml', 'application/xml; charset=utf-8'],
  ['robots.txt', 'text/plain; charset=utf-8'],
  ['icon.svg', 'image/svg+xml'],
  ['photo.png', 'image/png'],
  ['photo.jpg', 'image/jpeg'],
  ['photo.webp', 'image/webp'],
  ['favicon.ico', 'image/x-icon'],
  ['index.wasm', 'application/octet-stream'],
];

const site = await writeSite({
  'index.html': '<html><HEAD><title>home</title></HEAD><body>home</body></html>',
  'entries/one/index.html': '<p>one, without a head</p>',
  '404.html': '<p>custom not found</p>',
  ...Object.fromEntries(types.map(([name]) => [`files/${name}`, `bytes of ${name}`])),
});
const routed: string[] = [];
const route = (pathname: string, _req: IncomingMessage, res: ServerResponse): boolean => {
  routed.push(pathname);
  if (pathname !== '/__events') return false;
  // Like the dev server's event stream: a response that never ends by itself.
  res.writeHead(200, { 'Content-Type': 'text/event-stream' }).write('retry: 1000\n\n');
  return true;
};
const server = await serveStatic(site, 0);
const dev = await serveStatic(site, 0, '127.0.0.1', { route, injectHtml: '<script src="/__reload.js"></script>' });
after(() => Promise.all([server.close(), dev.close()]));

describe('the static server', () => {
  test('listens on 127.0.0.1 and says where', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.notEqual(server.url, dev.url);
  });

  for (const [name, type] of types) {
    test(`serves ${name} as ${type}`, async () => {
      const response = await fetch(new URL(`/files/${name}`, server.url));
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), type);
      assert.equal(await response.text(), `bytes of ${name}`);
    });
  }

  test('every answer carries the production CSP and nosniff, a 404 too', async () => {
    for (const target of ['/', '/files/style.css', '/nope/']) {
      const response = await fetch(new URL(target, server.url));
      assert.equal(response.headers.get('content-security-policy'), CSP, target);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', target);
    }
  });

  test('clean URLs: a folder, with or without its slash, is its index.html', async () => {
    for (const target of ['/entries/one/', '/entries/one']) {
      const response = await fetch(new URL(target, server.url), { redirect: 'manual' });
      assert.equal(response.status, 200, target);
      assert.equal(await response.text(), '<p>one, without a head</p>', target);
    }
  });

  test("a missing file gets the site's 404 page with status 404", async () => {
    const response = await fetch(new URL('/entries/nope/', server.url));
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await response.text(), '<p>custom not found</p>');
  });

  test('a site without a 404 page gets a plain one', async () => {
    const bare = await serveStatic(await writeSite({ 'index.html': 'home' }), 0);
    after(() => bare.close());
    const response = await fetch(new URL('/nope', bare.url));
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(response.headers.get('content-security-policy'), CSP);
    assert.equal(await response.text(), 'Not found\n');
  });

  test('HEAD answers the status and type without the body', async () => {
    for (const base of [server.url, dev.url]) {
      const response = await fetch(new URL('/', base), { method: 'HEAD' });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(await response.text(), '');
    }
  });
});

describe('the dev server hooks', () => {
  test('the tag goes before </head>, whatever its case, and first when there is none', async () => {
    assert.equal(await (await fetch(dev.url)).text(), '<html><HEAD><title>home</title><script src="/__reload.js"></script></HEAD><body>home</body></html>');
    assert.equal(await (await fetch(new URL('/entries/one/', dev.url))).text(), '<script src="/__reload.js"></script><p>one, without a head</p>');
    assert.equal(await (await fetch(new URL('/404-please', dev.url))).text(), '<script src="/__reload.js"></script><p>custom not found</p>');
  });

  test('only HTML gets the tag; files on disk are served as they are', async () => {
    assert.equal(await (await fetch(new URL('/files/app.js', dev.url))).text(), 'bytes of app.js');
    assert.equal(await (await fetch(server.url)).text(), '<html><HEAD><title>home</title></HEAD><body>home</body></html>');
  });

  test('the route sees the decoded path, a malformed one as /, and answers what it takes', async () => {
    routed.length = 0;
    assert.equal((await rawGet(dev.url, '/%zz')).status, 200);
    assert.match((await rawGet(dev.url, '/files/%61pp.js')).text, /bytes of app\.js/);
    assert.deepEqual(routed, ['/', '/files/app.js']);
    const events = await fetch(new URL('/%5f_events', dev.url));
    assert.equal(events.headers.get('content-type'), 'text/event-stream');
    await events.body!.getReader().read();
  });

  test('close() ends a response that would never end by itself', { timeout: 20_000 }, async () => {
    const held = await serveStatic(site, 0, '127.0.0.1', { route });
    const events = await fetch(new URL('/__events', held.url));
    assert.equal(events.status, 200);
    await held.close();
    assert.equal(held.server.listening, false);
  });
});
