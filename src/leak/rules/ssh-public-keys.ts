import { ALLOW_HINT, maskTail, type Rule } from '../rule.ts';
import { SSH_KEY_TYPES, sshKeyType } from '../ssh-key-blob.ts';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TYPE_NAMES = SSH_KEY_TYPES.map(escape).join('|');
// A blob begins with the base64 of its own length-prefixed type name, so only these openings can
// be keys: this keeps base64 fonts and images (`AAAA…` too) away from the decoder.
const BLOB_OPENINGS = SSH_KEY_TYPES.map((t) => {
  const head = Buffer.alloc(4 + t.length);
  head.writeUInt32BE(t.length);
  head.write(t, 4, 'latin1');
  return escape(head.toString('base64').slice(0, Math.floor((4 + t.length) / 3) * 4));
}).join('|');

const PATTERN = new RegExp(
  `(?<![\\w@.-])(?:(${TYPE_NAMES})[ \\t\\u00a0]+)?(?<![A-Za-z0-9+/])((?:${BLOB_OPENINGS})[A-Za-z0-9+/]*={0,2})(?![A-Za-z0-9+/=])`,
  'g',
);

export const sshPublicKey: Rule = {
  id: 'leak-ssh-public-key',
  title: 'SSH public key (decoded and type-checked)',
  hint: `Publish the key's fingerprint or its role instead of the key; ${ALLOW_HINT}.`,
  anchor: /AAAA/,
  pattern: PATTERN,
  check(match) {
    const blob = match[2]!;
    const type = sshKeyType(Buffer.from(blob, 'base64'));
    // A blob is a key when its bytes are a well-formed key of the type they name; a different
    // type written before it (a copy-paste slip) does not make a real key public-safe.
    if (!type) return undefined;
    const normalized = `${type} ${Buffer.from(blob, 'base64').toString('base64')}`;
    const what = match[1] === undefined || match[1] === type ? 'SSH public key' : `SSH public key (written as ${match[1]})`;
    return { normalized, preview: `${type} ${maskTail('AAAA', blob)}`, what };
  },
};
