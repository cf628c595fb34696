// `npm run vendor:update`: copy htmx from the installed `htmx.org` package into vendor/ and
// write vendor/pins.json (name, version, source, sha384). Run after changing its version.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PINS_FILE, sri384, type Pins } from '../src/pins/pins.ts';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));
const pkgFile = require.resolve('htmx.org/package.json');
const { version } = JSON.parse(await readFile(pkgFile, 'utf8')) as { version: string };
const bytes = await readFile(path.join(path.dirname(pkgFile), 'dist', 'htmx.min.js'));

const vendorDir = path.join(root, 'vendor');
await mkdir(vendorDir, { recursive: true });
await writeFile(path.join(vendorDir, 'htmx.min.js'), bytes);
const pins: Pins = {
  files: {
    'htmx.min.js': {
      name: 'htmx.org',
      version,
      source: `https://registry.npmjs.org/htmx.org/-/htmx.org-${version}.tgz#package/dist/htmx.min.js`,
      sha384: sri384(bytes),
    },
  },
};
await writeFile(path.join(vendorDir, PINS_FILE), `${JSON.stringify(pins, null, 2)}\n`);
console.log(`vendor/htmx.min.js  htmx.org@${version}  ${pins.files['htmx.min.js']!.sha384}`);
