// SSH public key blobs, well-formed and broken one field at a time, judged by the code and by
// OpenSSH's own parser (`ssh-keygen -l`) as the oracle: fresh keys of every type ssh-keygen makes,
// and hand-built blobs for the types it cannot make here (security keys).
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { sshKeyType } from '../../src/leak/ssh-key-blob.ts';
import { sshFields } from '../helpers/ssh-wire.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const exec = promisify(execFile);
const dir = await tempDir('galley-ssh-blob-');

/** The blob of a fresh ssh-keygen key. */
function keygen(name: string, args: string[]): Buffer {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-N', '', '-C', '', '-f', file, ...args]);
  return Buffer.from(readFileSync(`${file}.pub`, 'utf8').split(' ')[1]!, 'base64');
}

/** The fields of a blob, to rebuild it with one field changed. */
function fields(blob: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < blob.length; ) {
    const length = blob.readUInt32BE(at);
    out.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return out;
}
const withField = (blob: Buffer, i: number, value: Buffer | string): Buffer => sshFields(...fields(blob).map((f, j) => (j === i ? value : f)));

const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
const n = Buffer.from(jwk.n!, 'base64url');
const e = Buffer.from(jwk.e!, 'base64url');
const zero = Buffer.from([0]);
const rsa = sshFields('ssh-rsa', e, Buffer.concat([zero, n]));

const real: Record<string, Buffer> = {
  'ssh-ed25519': keygen('ed25519', ['-t', 'ed25519']),
  'ssh-rsa': keygen('rsa', ['-t', 'rsa', '-b', '2048']),
  'ssh-dss': keygen('dsa', ['-t', 'dsa']),
  'ecdsa-sha2-nistp256': keygen('p256', ['-t', 'ecdsa', '-b', '256']),
  'ecdsa-sha2-nistp384': keygen('p384', ['-t', 'ecdsa', '-b', '384']),
  'ecdsa-sha2-nistp521': keygen('p521', ['-t', 'ecdsa', '-b', '521']),
};
const p256 = real['ecdsa-sha2-nistp256']!;
const skEd25519 = sshFields('sk-ssh-ed25519@openssh.com', fields(real['ssh-ed25519']!)[1]!, 'ssh:');
const skEcdsa = sshFields('sk-ecdsa-sha2-nistp256@openssh.com', 'nistp256', fields(p256)[2]!, 'ssh:');

const cases: { name: string; blob: Buffer; type: string | undefined }[] = [
  ...Object.entries(real).flatMap(([type, blob]) => [
    { name: `a fresh ${type} key`, blob, type },
    { name: `${type} with a byte after its last field`, blob: Buffer.concat([blob, zero]), type: undefined },
    { name: `${type} cut one byte short`, blob: blob.subarray(0, -1), type: undefined },
  ]),
  { name: 'sk-ssh-ed25519 with its application', blob: skEd25519, type: 'sk-ssh-ed25519@openssh.com' },
  { name: 'sk-ecdsa-sha2-nistp256 with its application', blob: skEcdsa, type: 'sk-ecdsa-sha2-nistp256@openssh.com' },
  { name: 'sk-ecdsa-sha2-nistp256 without its application field', blob: sshFields(...fields(skEcdsa).slice(0, 3)), type: undefined },
  { name: 'sk-ssh-ed25519 without its application field', blob: sshFields(...fields(skEd25519).slice(0, 2)), type: undefined },
  // RSA mpints: the sign bit set without the 0x00 before it is a negative number.
  { name: 'canonical RSA e and n', blob: rsa, type: 'ssh-rsa' },
  { name: 'RSA n with its sign bit set (no 0x00 before it)', blob: sshFields('ssh-rsa', e, n), type: undefined },
  { name: 'RSA n starting with 0x80 (the sign bit alone)', blob: sshFields('ssh-rsa', e, Buffer.concat([Buffer.from([0x80]), n.subarray(1)])), type: undefined },
  { name: 'RSA e with its sign bit set', blob: sshFields('ssh-rsa', Buffer.concat([Buffer.from([0x81]), e]), Buffer.concat([zero, n])), type: undefined },
  // OpenSSH trims needless leading zeros rather than refusing them.
  { name: 'RSA n with a needless leading 0x00', blob: sshFields('ssh-rsa', e, Buffer.concat([zero, zero, n])), type: 'ssh-rsa' },
  { name: 'RSA e with a needless leading 0x00', blob: sshFields('ssh-rsa', Buffer.concat([zero, e]), Buffer.concat([zero, n])), type: 'ssh-rsa' },
  { name: 'RSA with a 256-bit modulus', blob: sshFields('ssh-rsa', e, Buffer.concat([zero, n.subarray(0, 32)])), type: undefined },
  { name: 'RSA without e', blob: sshFields('ssh-rsa', Buffer.alloc(0), Buffer.concat([zero, n])), type: undefined },
  // One field of a real key replaced.
  { name: 'ed25519 with a 31-byte key', blob: withField(real['ssh-ed25519']!, 1, randomBytes(31)), type: undefined },
  { name: 'ed25519 with a 33-byte key', blob: withField(real['ssh-ed25519']!, 1, randomBytes(33)), type: undefined },
  { name: 'nistp256 key naming the nistp384 curve', blob: withField(p256, 1, 'nistp384'), type: undefined },
  { name: 'nistp256 point not uncompressed (0x02 prefix)', blob: withField(p256, 2, Buffer.concat([Buffer.from([0x02]), fields(p256)[2]!.subarray(1)])), type: undefined },
  { name: 'nistp256 point one byte short', blob: withField(p256, 2, fields(p256)[2]!.subarray(0, 64)), type: undefined },
  { name: 'DSA with a 19-byte q', blob: withField(real['ssh-dss']!, 2, fields(real['ssh-dss']!)[2]!.subarray(1)), type: undefined },
  { name: 'an ed25519 key named ssh-rsa', blob: withField(real['ssh-ed25519']!, 0, 'ssh-rsa'), type: undefined },
  { name: 'an unknown key type', blob: withField(real['ssh-ed25519']!, 0, 'ssh-foo'), type: undefined },
  { name: 'a length field longer than the blob', blob: Buffer.from([0, 0, 0, 11, ...Buffer.from('ssh-ed2551')]), type: undefined },
  { name: 'an ecdsa type and nothing after it', blob: sshFields('ecdsa-sha2-nistp256'), type: undefined },
  { name: 'an sk-ssh-ed25519 type and nothing after it', blob: sshFields('sk-ssh-ed25519@openssh.com'), type: undefined },
  { name: 'three bytes', blob: Buffer.from([0, 0, 0]), type: undefined },
];

for (const c of cases) {
  test(`${c.name}: ${c.type ? `a ${c.type} key` : 'not a key'}, as ssh-keygen reads it`, async () => {
    const file = path.join(dir, `case-${cases.indexOf(c)}.pub`);
    await writeFile(file, `${c.type ?? 'ssh-ed25519'} ${c.blob.toString('base64')}\n`);
    const opensshReads = await exec('ssh-keygen', ['-l', '-f', file]).then(() => true, () => false);
    assert.equal(opensshReads, c.type !== undefined, 'the oracle agrees with the case');
    assert.equal(sshKeyType(c.blob), c.type);
  });
}
