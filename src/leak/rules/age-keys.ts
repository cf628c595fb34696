import { bech32 } from 'bech32';
import { ALLOW_HINT, maskTail, type Rule } from '../rule.ts';

// age encodes keys in Bech32 (BIP 173) without its 90-character limit: post-quantum recipients
// run to about 2,000 characters.
const LIMIT = 4096;

/** True when the Bech32 checksum holds and the human-readable part starts with `hrpStart`. */
function validBech32(value: string, hrpStart: string): boolean {
  const decoded = bech32.decodeUnsafe(value, LIMIT);
  return decoded !== undefined && decoded.prefix.toLowerCase().startsWith(hrpStart);
}

// The recipient of age's own README, published everywhere as the example.
const EXAMPLE_RECIPIENTS = new Set(['age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p']);

export const ageRecipient: Rule = {
  id: 'leak-age-recipient',
  title: 'age recipient (public key; names who can decrypt the repository secrets)',
  hint: `Refer to the recipient by its role, not its key; ${ALLOW_HINT}.`,
  anchor: /ge1/,
  // Plugin recipients (`age1yubikey1…`) have a longer human-readable part: the checksum decides.
  pattern: /(?<![\w-])age1[0-9a-z]{20,}(?![\w-])/g,
  check(match) {
    const value = match[0];
    if (EXAMPLE_RECIPIENTS.has(value) || !validBech32(value, 'age')) return undefined;
    return { normalized: value, preview: maskTail('age1', value.slice(4)), what: 'age recipient' };
  },
};

export const ageSecretKey: Rule = {
  id: 'leak-age-secret-key',
  title: 'age secret key (identity)',
  hint: `Revoke it: re-encrypt every secret to a new key and remove this one from every page; ${ALLOW_HINT}.`,
  // Bech32 is all upper or all lower case, so two spellings cover every key.
  anchor: /GE-(?:SECRET-KEY|PLUGIN)-|ge-(?:secret-key|plugin)-/,
  pattern: /(?<![\w-])AGE-(?:SECRET-KEY|PLUGIN-[A-Z0-9]+)-1[0-9A-Z]{20,}(?![\w-])/gi,
  check(match) {
    const value = match[0];
    if (!validBech32(value, 'age-')) return undefined;
    const head = value.slice(0, value.lastIndexOf('1') + 1).toUpperCase();
    return { normalized: value.toUpperCase(), preview: maskTail(head, value.slice(head.length)), what: 'age secret key' };
  },
};
