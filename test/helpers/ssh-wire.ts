import { createPublicKey, type KeyObject } from 'node:crypto';

/** SSH wire encoding: each field as a 4-byte big-endian length and its bytes (RFC 4251 `string`). */
export function sshFields(...fields: (string | Buffer)[]): Buffer {
  return Buffer.concat(
    fields.flatMap((f) => {
      const bytes = typeof f === 'string' ? Buffer.from(f, 'latin1') : f;
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return [length, bytes];
    }),
  );
}

/**
 * An unencrypted ed25519 key in OpenSSH's `openssh-key-v1` file format (PROTOCOL.key), from a
 * node KeyObject: for keys with chosen properties, which ssh-keygen cannot be asked to make.
 */
export function opensshEd25519(privateKey: KeyObject, comment: string): string {
  const pub = Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x!, 'base64url');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const check = Buffer.alloc(8, 0x2a); // two equal check words
  const body = Buffer.concat([check, sshFields('ssh-ed25519', pub, Buffer.concat([seed, pub]), comment)]);
  const padding = Buffer.from(Array.from({ length: (8 - (body.length % 8)) % 8 }, (_, i) => i + 1));
  const file = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshFields('none', 'none', ''),
    Buffer.from([0, 0, 0, 1]),
    sshFields(sshFields('ssh-ed25519', pub), Buffer.concat([body, padding])),
  ]);
  const lines = file.toString('base64').match(/.{1,70}/g)!;
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}
