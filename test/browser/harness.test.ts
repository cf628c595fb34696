import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { chromiumSkip, chromiumSkipReason, launchChromium, visit, watchedPage } from '../helpers/browser.ts';
import { serveSite } from '../helpers/serve-site.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// The harness itself: it must see what the site tests assert is absent, and say why it skips.

test('a missing Chromium is a skip with the reason, never a pass', () => {
  assert.match(chromiumSkipReason(path.join(path.sep, 'nonexistent', 'chromium'))!, /Chromium is not installed \(.*nonexistent.*\)/);
  assert.equal(chromiumSkipReason(process.execPath), undefined);
});

test('a page breaking the CSP, erroring and missing a file: every problem is recorded', { skip: chromiumSkip }, async (t) => {
  const dir = await tempDir('galley-harness-');
  await writeFile(
    path.join(dir, 'index.html'),
    '<!doctype html><title>bad</title><p style="color: red">inline style</p><script>window.ran = true</script><img src="/missing.png" alt="">',
  );
  await writeFile(path.join(dir, '404.html'), '<!doctype html><title>404</title>');
  const served = await serveSite(dir);
  t.diagnostic(`served by ${served.server}`);
  const browser = await launchChromium();
  const watched = await watchedPage(browser);
  await visit(watched, `${served.url}/`);
  assert.equal(await watched.page.evaluate(() => (window as unknown as { ran?: boolean }).ran), undefined, 'the inline script was refused');
  const kinds = (kind: string) => watched.problems.filter((p) => p.kind === kind).map((p) => p.text);
  assert.ok(kinds('csp').some((text) => text.startsWith('style-src-attr refused inline')), kinds('csp').join('\n'));
  assert.ok(kinds('csp').some((text) => text.startsWith('script-src-elem refused inline')), kinds('csp').join('\n'));
  assert.ok(kinds('http-status').some((text) => text.startsWith('404 ') && text.endsWith('/missing.png')));
  assert.ok(kinds('console').length >= 1);
});
