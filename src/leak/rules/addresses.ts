import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { ALLOW_HINT, type Rule } from '../rule.ts';

export interface PrivateRange {
  network: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
  name: string;
}

// The ranges that never belong in a published page. Order matters: the first match names it
// (the Tailscale ULA /48 before the ULA /7). Documentation ranges and loopback are not here.
const PRIVATE_RANGES: readonly PrivateRange[] = [
  { network: '10.0.0.0', prefix: 8, family: 'ipv4', name: 'RFC 1918' },
  { network: '172.16.0.0', prefix: 12, family: 'ipv4', name: 'RFC 1918' },
  { network: '192.168.0.0', prefix: 16, family: 'ipv4', name: 'RFC 1918' },
  { network: '100.64.0.0', prefix: 10, family: 'ipv4', name: 'shared 100.64/10, Tailscale' },
  { network: '169.254.0.0', prefix: 16, family: 'ipv4', name: 'link-local' },
  { network: 'fd7a:115c:a1e0::', prefix: 48, family: 'ipv6', name: 'Tailscale ULA' },
  { network: 'fc00::', prefix: 7, family: 'ipv6', name: 'unique local' },
  { network: 'fe80::', prefix: 10, family: 'ipv6', name: 'link-local' },
];

const lists = PRIVATE_RANGES.map((range) => {
  const list = new BlockList();
  list.addSubnet(range.network, range.prefix, range.family);
  return { range, list };
});

/** The private range an address is in, or undefined (public, loopback, documentation, invalid). */
export function classifyAddress(address: string): PrivateRange | undefined {
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!family) return undefined;
  return lists.find(({ range, list }) => range.family === family && list.check(address, family))?.range;
}

/** The eight hextets of an IPv6 address as four-digit lowercase hex (input must be valid). */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((h) => h.padStart(4, '0'));
}

// Dotted quads not inside longer dotted numbers (OIDs, 5-part versions) and not a version:
// `v10.0.0.1`, `"version": "10.0.0.1"`, `10.0.0.1-beta`, `10.0.0.1+build` are versions by their
// context; `10.0.0.1-10.0.0.9` stays an address range, and `admin@10.0.0.1` an address (an npm
// `pkg@1.2.3.4` is rarer than `ssh user@host` in a home-lab write-up).
// The look-behind sits after the first digit: a leading one is tried at every position and
// took twice as long (bench). The quotes may be escaped as JSON or as XML (`&quot;` in a feed's
// escaped HTML, where the dots are not).
const IPV4 =
  /\d(?<!(?:[\w.]|version(?:\\?["']|&quot;)?\s*[:=]\s*(?:\\?["']|&quot;)?)\d)\d{0,2}\.(?:\d{1,3}\.){2}\d{1,3}(?![\w]|\.\d|-[A-Za-z]|\+\w)/gi;

// Every private IPv6 range starts with fc–fe in its first hextet, so the pattern is anchored
// there; `isIPv6` then decides exactly. Up to eight more colons (`fc00:0:0:0:0:0:0::`); a zone
// (`%eth0`) is allowed and ignored.
const IPV6 = /(?<![\w:.])f[c-e][0-9a-f]{2}(?::(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{0,4})){1,8}(?:%[\w.-]+)?(?![\w:])/gi;

const HINT = `Use a documentation address (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) or a name; ${ALLOW_HINT}.`;

export const privateIPv4: Rule = {
  id: 'leak-private-address',
  title: 'Private, shared (Tailscale) or link-local IPv4 address',
  hint: HINT,
  pattern: IPV4,
  check(match) {
    const address = match[0];
    const range = classifyAddress(address);
    if (!range) return undefined;
    const octets = address.split('.');
    const shown = Math.max(1, Math.floor(range.prefix / 8));
    const preview = octets.map((o, i) => (i < shown ? o : 'x')).join('.');
    return { normalized: address, preview, what: `private IPv4 address (${range.name})` };
  },
};

export const privateIPv6: Rule = {
  id: 'leak-private-address',
  title: 'Unique local (incl. Tailscale) or link-local IPv6 address',
  hint: HINT,
  anchor: /[fF][c-eC-E][0-9a-fA-F]{2}:/,
  pattern: IPV6,
  check(match) {
    const address = match[0].replace(/%.*$/, '');
    const range = classifyAddress(address);
    if (!range) return undefined;
    const hextets = expandIPv6(address);
    const digits = Math.max(2, Math.floor(range.prefix / 4));
    const hex = hextets.join('');
    const shownHex = hex.slice(0, digits).padEnd(Math.ceil(digits / 4) * 4, 'x');
    const preview = `${shownHex.match(/.{4}/g)!.join(':')}:…`;
    return { normalized: hextets.join(':'), preview, what: `private IPv6 address (${range.name})` };
  },
};
