// Path traversal sent as raw request lines: fetch() and URL() resolve `..` and `%2e%2e` before
// sending, so only a raw socket reaches the servers' own guards. The same requests go to the
// development static server and to Debian's nginx with deploy/nginx/nginx.conf.
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { serveStatic } from '../../src/serve/static-server.ts';
import { nginxSkip, serveWithNginx } from '../helpers/nginx.ts';
import { rawGet } from '../helpers/raw-http.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const SECRET = 'outside-the-site-root';
const PASSWD = /root:.*:0:0:/;

/** Request targets that would reach secret.txt (beside the site root), /etc/passwd or a dotfile if decoded and joined naively. */
const attacks = [
  '/../secret.txt',
  '/../../../../../../etc/passwd',
  '/%2e%2e/secret.txt',
  '/%2E%2E/%2E%2E/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '/..%2fsecret.txt',
  '/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
  '/%2e%2e%2fsecret.txt',
  '/entries/..%2f..%2fsecret.txt',
  '/%252e%252e/secret.txt',
  '/%252e%252e%252fsecret.txt',
  '/..\\secret.txt',
  '/..%5csecret.txt',
  '/%5c..%5csecret.txt',
  '/..%5c..%5c..%5c..%5c..%5c..%5cetc%5cpasswd',
  '/.%2e/secret.txt',
  '/%2e./secret.txt',
  // Dotfiles inside the root: the deploy manifest and a stray repository.
  '/.galley/manifest.json',
  '/%2egalley/manifest.json',
  '/entries/%2Egit/config',
  '/entries/.git%2fconfig',
];

/** dir/current is the root; the secret beside it and in its dotfiles must never be served. */
async function writeSite(): Promise<{ dir: string; site: string }> {
  const dir = await tempDir('galley-traversal-');
  const release = path.join(dir, 'releases', 'a'.repeat(40));
  for (const [rel, content] of Object.entries({
    'index.html': '<p>home</p>', 'entries/one/index.html': '<p>one</p>', '404.html': '<p>custom not found</p>',
    '.galley/manifest.json': SECRET,
    'entries/.git/config': SECRET,
  })) {
    await mkdir(path.dirname(path.join(release, rel)), { recursive: true });
    await writeFile(path.join(release, rel), content);
  }
  await writeFile(path.join(dir, 'secret.txt'), SECRET);
  await writeFile(path.join(dir, 'releases', 'secret.txt'), SECRET);
  await symlink(path.join('releases', 'a'.repeat(40)), path.join(dir, 'current'));
  return { dir, site: path.join(dir, 'current') };
}

function assertRefused(response: { status: number; text: string }, target: string): void {
  assert.doesNotMatch(response.text, new RegExp(SECRET), `${target} served a file outside the root`);
  assert.doesNotMatch(response.text, PASSWD, `${target} served /etc/passwd`);
  assert.ok([400, 403, 404].includes(response.status), `${target}: status ${response.status}`);
}

const { site } = await writeSite();
const staticServer = await serveStatic(site, 0);
after(() => staticServer.close());
const nginx = nginxSkip ? undefined : await serveWithNginx(site);

describe('raw traversal requests', () => {
  test('the raw client reaches a file inside the root (the check of the check)', async () => {
    assert.equal((await rawGet(staticServer.url, '/entries/one/')).status, 200);
  });

  for (const target of attacks) {
    test(`static server refuses ${target}`, async () => assertRefused(await rawGet(staticServer.url, target), target));
  }

  describe('nginx with deploy/nginx/nginx.conf', { skip: nginxSkip }, () => {
    test('the raw client reaches a file inside the root (the check of the check)', async () => {
      assert.equal((await rawGet(nginx!.url, '/entries/one/')).status, 200);
    });
    for (const target of attacks) {
      test(`nginx refuses ${target}`, async () => assertRefused(await rawGet(nginx!.url, target), target));
    }
  });

});
