import { ALLOW_HINT, type Rule } from '../rule.ts';

// Armor lines (`Proc-Type:`, `DEK-Info:`, PGP `Version:`/`Comment:`), then the base64 body. Line
// breaks may be real, escaped inside a JS/JSON string (`\n`), or `<br>` in HTML: a key pasted into
// a string literal is still a key.
const BREAK = String.raw`(?:\s|\\r|\\n|<br\s*/?>)`;
const ARMOR = new RegExp(String.raw`(?:${BREAK}*[A-Za-z][A-Za-z-]*: [^\n\\<]*)*`, 'y');
const BODY = new RegExp(String.raw`(?:${BREAK}*[A-Za-z0-9+/]+=*)+`, 'y');
// Below this the "key" is a header quoted in prose; the shortest real body (ed25519 OpenSSH) is
// about 300 base64 characters.
const MIN_BODY = 64;

const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

/** The first bytes of the decoded body must be what the label promises. */
function bodyFits(label: string, body: Buffer): boolean {
  if (label === 'OPENSSH PRIVATE KEY') return body.subarray(0, OPENSSH_MAGIC.length).equals(OPENSSH_MAGIC);
  if (label.startsWith('PGP')) {
    // An OpenPGP packet header whose tag is a secret key (5) or secret subkey (7).
    const first = body[0] ?? 0;
    if ((first & 0x80) === 0) return false;
    const tag = first & 0x40 ? first & 0x3f : (first >> 2) & 0x0f;
    return tag === 5 || tag === 7;
  }
  if (label.startsWith('SSH2')) return body.readUInt32BE(0) === 0x3f6ff9eb;
  return body[0] === 0x30; // DER SEQUENCE: PKCS#1, PKCS#8, SEC 1, encrypted PKCS#8
}

export const privateKey: Rule = {
  id: 'leak-private-key',
  title: 'Private key block (PEM, OpenSSH, PGP)',
  hint: `Rotate the key now: it is compromised once published. Then remove the block; ${ALLOW_HINT}.`,
  anchor: /-----BEGIN[ \u00a0]/,
  pattern: /-----BEGIN[ \u00a0]((?:[A-Z0-9]+[ \u00a0])*PRIVATE[ \u00a0]KEY(?:[ \u00a0]BLOCK)?)-----/g,
  check(match, text) {
    const label = match[1]!.replace(/\u00a0/g, ' ');
    ARMOR.lastIndex = match.index + match[0].length;
    ARMOR.exec(text);
    BODY.lastIndex = ARMOR.lastIndex;
    const body = BODY.exec(text);
    if (!body) return undefined;
    const base64 = body[0].replace(/\\[rn]|<br\s*\/?>|\s/g, '');
    if (base64.replace(/=+$/, '').length < MIN_BODY) return undefined;
    if (!bodyFits(label, Buffer.from(base64, 'base64'))) return undefined;
    return {
      end: BODY.lastIndex,
      normalized: base64,
      preview: `-----BEGIN ${label}----- …(${base64.length} chars)`,
      what: `private key block (${label})`,
    };
  },
};
