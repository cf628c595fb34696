import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';

export interface PublicKeyInfo {
  /** `ssh-ed25519`, ... */
  type: string;
  /** The public key in authorized_keys form, `type base64`, without comment. */
  line: string;
  /** OpenSSH's `SHA256:...` fingerprint, as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

/** The public half of an OpenSSH private key file; the private bytes never leave this function. */
export async function publicKeyOf(privateKeyPath: string): Promise<PublicKeyInfo> {
  const parsed = ssh2.utils.parseKey(await readFile(privateKeyPath));
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error) {
    // The parser's message can quote the input; say only what kind of file we expected.
    throw new Error('Unexpected content, expected an unencrypted OpenSSH private key');
  }
  return publicKeyInfo(key.type, key.getPublicSSH());
}

/** Parse an authorized_keys-style line (`type base64 [comment]`). */
export function parsePublicLine(line: string): PublicKeyInfo | undefined {
  const [type, b64] = line.trim().split(/\s+/);
  if (!type || !b64 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) return undefined;
  return publicKeyInfo(type, Buffer.from(b64, 'base64'));
}

export function publicKeyInfo(type: string, blob: Buffer): PublicKeyInfo {
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  return { type, line: `${type} ${blob.toString('base64')}`, fingerprint };
}
