// The SSH public key wire format (RFC 4253 §6.6, RFC 5656 §3.1, PROTOCOL.u2f): length-prefixed
// fields, first the key type. A blob is a key only if every field is there and nothing follows.

const CURVES: Record<string, { name: string; point: number }> = {
  'ecdsa-sha2-nistp256': { name: 'nistp256', point: 65 },
  'ecdsa-sha2-nistp384': { name: 'nistp384', point: 97 },
  'ecdsa-sha2-nistp521': { name: 'nistp521', point: 133 },
  'sk-ecdsa-sha2-nistp256@openssh.com': { name: 'nistp256', point: 65 },
};

export const SSH_KEY_TYPES = [
  'ssh-ed25519',
  'ssh-rsa',
  'ssh-dss',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
] as const;

class Reader {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}
  field(): Buffer | undefined {
    if (this.offset + 4 > this.bytes.length) return undefined;
    const length = this.bytes.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (start + length > this.bytes.length) return undefined;
    this.offset = start + length;
    return this.bytes.subarray(start, this.offset);
  }
  done(): boolean {
    return this.offset === this.bytes.length;
  }
}

/** The key type a blob really holds, or undefined when it is not a well-formed public key. */
export function sshKeyType(blob: Buffer): string | undefined {
  const reader = new Reader(blob);
  const type = reader.field()?.toString('latin1');
  if (!type || !(SSH_KEY_TYPES as readonly string[]).includes(type)) return undefined;
  if (!bodyMatches(type, reader)) return undefined;
  return reader.done() ? type : undefined;
}

function bodyMatches(type: string, reader: Reader): boolean {
  const curve = CURVES[type];
  if (curve) {
    const sk = type.startsWith('sk-');
    return (
      reader.field()?.toString('latin1') === curve.name &&
      isPoint(reader.field(), curve.point) &&
      (!sk || (reader.field()?.length ?? 0) > 0)
    );
  }
  switch (type) {
    case 'ssh-ed25519':
      return reader.field()?.length === 32;
    case 'sk-ssh-ed25519@openssh.com':
      return reader.field()?.length === 32 && (reader.field()?.length ?? 0) > 0;
    case 'ssh-rsa':
      // e, then a modulus of at least 512 bits.
      return isMpint(reader.field(), 1) && isMpint(reader.field(), 64);
    case 'ssh-dss':
      return [128, 20, 128, 128].every((min) => isMpint(reader.field(), min));
    default:
      return false;
  }
}

function isPoint(field: Buffer | undefined, length: number): boolean {
  return field?.length === length && field[0] === 0x04;
}

function isMpint(field: Buffer | undefined, minBytes: number): boolean {
  return field !== undefined && field.length >= minBytes && (field[0] ?? 0) < 0x80;
}
