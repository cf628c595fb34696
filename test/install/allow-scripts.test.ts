// npm 11 warns on install about every dependency whose install script the project has not decided
// on (package.json `allowScripts`), and npm 12 skips the undecided ones. Every install script in
// the lockfile is decided, and no decision names a package that has none.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

test('every dependency install script is allowed or denied in package.json', () => {
  const lock = read('package-lock.json') as { packages: Record<string, { hasInstallScript?: boolean }> };
  const withScripts = Object.entries(lock.packages)
    .filter(([key, entry]) => key !== '' && entry.hasInstallScript)
    .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
  const decided = Object.keys((read('package.json').allowScripts ?? {}) as Record<string, boolean>).map((key) => key.replace(/(?<=.)@.*$/, ''));
  assert.deepEqual([...new Set(withScripts)].sort(), [...new Set(decided)].sort());
});
