// RSA key blobs with each mpint written canonically or not, judged by the code and by OpenSSH's
// own parser (`ssh-keygen -l`), which refuses a negative mpint (sign bit set, no 0x00 before it).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { sshKeyType } from '../../src/leak/ssh-key-blob.ts';
import { sshFields } from '../helpers/ssh-wire.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const exec = promisify(execFile);
const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
const n = Buffer.from(jwk.n!, 'base64url');
const e = Buffer.from(jwk.e!, 'base64url');
const zero = Buffer.from([0]);

const cases: { name: string; blob: Buffer; key: boolean }[] = [
  { name: 'canonical e and n', blob: sshFields('ssh-rsa', e, Buffer.concat([zero, n])), key: true },
  { name: 'n with its sign bit set (no 0x00 before it)', blob: sshFields('ssh-rsa', e, n), key: false },
  { name: 'e with its sign bit set', blob: sshFields('ssh-rsa', Buffer.concat([Buffer.from([0x81]), e]), Buffer.concat([zero, n])), key: false },
  // OpenSSH trims leading zeros rather than refusing them.
  { name: 'n with a needless leading 0x00', blob: sshFields('ssh-rsa', e, Buffer.concat([zero, zero, n])), key: true },
  { name: 'e with a needless leading 0x00', blob: sshFields('ssh-rsa', Buffer.concat([zero, e]), Buffer.concat([zero, n])), key: true },
  { name: 'a byte after n', blob: Buffer.concat([sshFields('ssh-rsa', e, Buffer.concat([zero, n])), zero]), key: false },
];

const dir = await tempDir('galley-ssh-blob-');

for (const c of cases) {
  test(`an RSA blob with ${c.name} is ${c.key ? '' : 'not '}a key, as ssh-keygen reads it`, async () => {
    assert.equal(n[0]! >= 0x80, true, 'a 2048-bit modulus has its top bit set');
    const file = path.join(dir, `${cases.indexOf(c)}.pub`);
    await writeFile(file, `ssh-rsa ${c.blob.toString('base64')}\n`);
    const opensshReads = await exec('ssh-keygen', ['-l', '-f', file]).then(() => true, () => false);
    assert.equal(opensshReads, c.key, 'the oracle agrees with the case');
    assert.equal(sshKeyType(c.blob), c.key ? 'ssh-rsa' : undefined);
  });
}
