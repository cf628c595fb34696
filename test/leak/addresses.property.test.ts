import assert from 'node:assert/strict';
import { BlockList } from 'node:net';
import { test } from 'node:test';
import fc from 'fast-check';
import { scanText } from '../../src/leak/index.ts';

// The oracle, written out here from the RFCs rather than imported from the scanner.
const V4 = [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10], ['169.254.0.0', 16]] as const;
const V6 = [['fc00::', 7], ['fe80::', 10]] as const;
const v4List = new BlockList();
for (const [net, prefix] of V4) v4List.addSubnet(net, prefix, 'ipv4');
const v6List = new BlockList();
for (const [net, prefix] of V6) v6List.addSubnet(net, prefix, 'ipv6');

const RULE = 'leak-private-address';
const found = (text: string, file = 'page.html'): string[] => scanText(file, text).filter((f) => f.ruleId === RULE).map((f) => f.message);

const toIPv4 = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
const toInt = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);

// Random addresses plus addresses at and just beyond every range's edges.
const ipv4 = fc.oneof(
  fc.ipV4(),
  fc
    .constantFrom(...V4)
    .chain(([net, prefix]) => fc.integer({ min: -3, max: 2 ** (32 - prefix) + 2 }).map((k) => toIPv4((toInt(net) + k + 2 ** 32) % 2 ** 32))),
);

const bytesToIPv6 = (bytes: number[], style: number): string => {
  const hextets = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  const full = hextets.join(':');
  if (style === 0) return full;
  const compressed = new URL(`http://[${full}]/`).hostname.slice(1, -1);
  return style === 1 ? compressed : compressed.toUpperCase();
};
// Random addresses, and addresses whose first hextet is in or next to a private range.
const ipv6 = fc.oneof(
  fc.ipV6(),
  fc
    .tuple(fc.constantFrom(0xfbff, 0xfc00, 0xfcff, 0xfd7a, 0xfdff, 0xfe00, 0xfe7f, 0xfe80, 0xfebf, 0xfec0), fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 255 })), { minLength: 14, maxLength: 14 }), fc.integer({ min: 0, max: 2 }))
    .map(([head, rest, style]) => bytesToIPv6([head >> 8, head & 255, ...rest], style)),
);

test('IPv4: reported exactly when BlockList puts it in a private range', () => {
  fc.assert(
    fc.property(ipv4, (ip) => {
      assert.equal(found(`<p>the host at ${ip} answers</p>`).length, v4List.check(ip, 'ipv4') ? 1 : 0, ip);
    }),
    { numRuns: 2000 },
  );
});

test('IPv6: reported exactly when BlockList puts it (or its embedded IPv4) in a private range', () => {
  fc.assert(
    fc.property(ipv6, fc.boolean(), (ip, upper) => {
      const text = upper ? ip.toUpperCase() : ip;
      const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1];
      const expected = v6List.check(ip, 'ipv6') || (tail !== undefined && v4List.check(tail, 'ipv4'));
      assert.equal(found(`<p>ping [${text}]:22 now</p>`).length > 0, expected, text);
    }),
    { numRuns: 2000 },
  );
});

test('a private address never appears in its own finding', () => {
  fc.assert(
    fc.property(ipv4.filter((ip) => v4List.check(ip, 'ipv4')), (ip) => {
      const messages = found(`addr=${ip};`);
      assert.equal(messages.length, 1);
      assert.ok(!messages[0]!.includes(ip), messages[0]);
    }),
  );
});

test('every spelling of one IPv6 address has one fingerprint', () => {
  const ula = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 15, maxLength: 15 }).map((rest) => [0xfd, ...rest.map((b, i) => (i % 3 === 0 ? 0 : b))]);
  fc.assert(
    fc.property(ula, (bytes) => {
      const prints = new Set(
        [0, 1, 2].map((style) => scanText('a.txt', `at ${bytesToIPv6(bytes, style)} now`).find((f) => f.ruleId === RULE)?.fingerprint),
      );
      assert.equal(prints.size, 1);
      assert.ok([...prints][0]);
    }),
  );
});
