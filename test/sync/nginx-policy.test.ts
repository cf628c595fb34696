// deploy/nginx/nginx.conf, run for real by Debian's nginx: the serving policy of design §6.
import assert from 'node:assert/strict';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { renderNginxConfig } from '../../src/sync/nginx.ts';
import { NGINX_CONF, nginxSkip, serveWithNginx } from '../helpers/nginx.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const ASSET = '/assets/style.0123abcd.css';
const REVISION = '3a3a60b'.padEnd(40, '0');
const CSP_SELF = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'self'"];

interface Case {
  name: string;
  path: string;
  headers?: Record<string, string>;
  status: number;
  /** Expected Cache-Control, or undefined to skip. */
  cache?: RegExp;
  body?: RegExp;
  encoding?: string;
  location?: string;
  type?: RegExp;
}

const cases: Case[] = [
  { name: 'home page', path: '/', status: 200, cache: /^no-cache$/, body: /home page/ },
  { name: 'entry by clean URL with slash', path: '/entries/one/', status: 200, cache: /^no-cache$/, body: /entry one/ },
  { name: 'directory without its slash redirects relatively', path: '/entries/one', status: 301, location: '/entries/one/' },
  { name: 'page by clean URL without .html', path: '/about', status: 200, cache: /^no-cache$/, body: /about page/ },
  { name: 'hashed asset is immutable', path: ASSET, status: 200, cache: /immutable/, body: /color/ },
  { name: 'hashed asset with a compound extension is immutable', path: '/assets/htmx.d6fdc75f.min.js', status: 200, cache: /immutable/ },
  { name: 'unhashed static file is cached briefly, not immutable', path: '/favicon.svg', status: 200, cache: /^public, max-age=3600$/ },
  { name: 'precompressed sibling served with gzip_static', path: '/index.html', headers: { 'accept-encoding': 'gzip' }, status: 200, encoding: 'gzip' },
  { name: 'missing page gets the custom 404', path: '/no/such/page', status: 404, cache: /^no-cache$/, body: /custom not found/ },
  { name: 'missing hashed asset does not fall back to a page', path: '/assets/style.ffffffff.css', status: 404, body: /custom not found/ },
  { name: 'the manifest is not served', path: '/.galley/manifest.json', status: 404, body: /custom not found/ },
  { name: 'the release manifest is served at its well-known URI, never cached', path: '/.well-known/galley/manifest.json', status: 200, cache: /^no-cache$/, body: /"manifestVersion"/, type: /^application\/json/ },
  { name: '.git is not served', path: '/.git/config', status: 404, body: /custom not found/ },
  { name: 'dotfile is not served', path: '/.env', status: 404 },
  { name: '404 page itself is not a direct page', path: '/404.html', status: 404, body: /custom not found/ },
  { name: 'well-known URIs stay reachable', path: '/.well-known/security.txt', status: 200, body: /Contact/ },
];

// Set up at the top level so the temp tree and nginx live until the file's tests are done.
const url = nginxSkip ? '' : (await serveWithNginx(await writeSite())).url;

async function writeSite(): Promise<string> {
  const dir = await tempDir('galley-nginx-site-');
  const release = path.join(dir, 'releases', REVISION);
  const files: Record<string, string | Buffer> = {
    'index.html': '<p>home page</p>',
    'index.html.gz': gzipSync('<p>home page</p>'),
    'about.html': '<p>about page</p>',
    'entries/one/index.html': '<p>entry one</p>',
    [ASSET.slice(1)]: 'body { color: black }',
    'assets/htmx.d6fdc75f.min.js': 'void 0;',
    'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    '404.html': '<p>custom not found</p>',
    '.galley/manifest.json': '{"manifestVersion":1}',
    '.git/config': '[core]',
    '.env': 'SECRET=no',
    '.well-known/security.txt': 'Contact: mailto:security@example.org\n',
  };
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(release, rel)), { recursive: true });
    await writeFile(path.join(release, rel), content);
  }
  await symlink(path.join('releases', REVISION), path.join(dir, 'current'));
  return path.join(dir, 'current');
}

describe('nginx serving policy', { skip: nginxSkip }, () => {

  for (const c of cases) {
    test(c.name, async () => {
      const response = await fetch(url + c.path, { headers: c.headers ?? { 'accept-encoding': 'identity' }, redirect: 'manual' });
      const body = c.encoding ? '' : await response.text();
      assert.equal(response.status, c.status, `${c.path}: ${body.slice(0, 200)}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      for (const directive of CSP_SELF) assert.ok(csp.includes(directive), `${c.path}: CSP ${csp}`);
      // WebAssembly may be compiled (Pagefind's search); no inline script or style, no JavaScript eval.
      assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
      assert.doesNotMatch(csp.replace(" 'wasm-unsafe-eval'", ''), /unsafe-|https?:|\*/, 'self only');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      if (c.cache) assert.match(response.headers.get('cache-control') ?? '', c.cache);
      if (c.body) assert.match(body, c.body);
      if (c.location) assert.equal(response.headers.get('location'), c.location);
      if (c.encoding) assert.equal(response.headers.get('content-encoding'), c.encoding);
      if (c.type) assert.match(response.headers.get('content-type') ?? '', c.type);
      assert.equal(response.headers.get('x-galley-revision'), REVISION, 'every answer names the release it came from');
      assert.equal(response.headers.get('server'), 'nginx', 'no version in the Server header');
    });
  }

  test('the committed config has no open_file_cache and renders only listen, root, runtime paths, the sidecar and the replica name', async () => {
    const text = await readFile(NGINX_CONF, 'utf8');
    assert.doesNotMatch(text.replace(/#.*$/gm, ''), /open_file_cache/);
    const rendered = renderNginxConfig(text, { listen: '127.0.0.1:1', root: 'ROOT', runtimeDir: 'RUN', sidecar: '127.0.0.1:2', replica: 'pod-a' });
    const changed = rendered.split('\n').filter((line, i) => line !== text.split('\n')[i]);
    for (const line of changed) assert.match(line.trim(), /^(listen|root|pid|error_log|access_log|\w+_temp_path|proxy_pass http:\/\/127\.0\.0\.1:2|add_header X-Galley-Replica "pod-a" always)[ ;]/);
    assert.ok(changed.some((line) => line.includes('"pod-a"')), 'the replica name is rendered');
    assert.throws(() => renderNginxConfig(text.replace(/^\s*listen .*$/m, ''), { listen: 'x', root: 'y', runtimeDir: 'z' }), /listen/);
  });
});
