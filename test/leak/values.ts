// Fresh secrets and look-alikes for the leak tests, made at test time: nothing here is a real key.
import { execFileSync } from 'node:child_process';
import { createCipheriv, generateKeyPairSync, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { bech32 } from 'bech32';
import { sshFields } from '../helpers/ssh-wire.ts';

export interface Planted {
  /** Names the case in test output and the corpus file; never the value. */
  label: string;
  /** The rule expected to fire; undefined for a trap (expected clean). */
  rule?: string;
  /** Text before the value that the rule needs as context (`aws_secret_access_key = `). */
  prefix?: string;
  value: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const pick = (alphabet: string, n: number): string => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
const digits = (n: number): string => String(randomInt(1, 10)) + pick('0123456789', n - 1);
const octet = (): number => randomInt(1, 255);
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const hextet = (max = 0x10000): string => randomInt(0x1000, max).toString(16);

function sshKeygen(dir: string, name: string, args: string[]): { pub: string; priv: string } {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-N', '', '-C', '', '-f', file, ...args]);
  return { pub: readFileSync(`${file}.pub`, 'utf8').trim(), priv: readFileSync(file, 'utf8').trim() };
}

const sshBlob = (...fields: (string | Buffer)[]): string => sshFields(...fields).toString('base64');

function githubToken(prefix: string, valid: boolean): string {
  const random = pick(ALNUM, 30);
  let sum = crc32(random);
  let check = '';
  for (let i = 0; i < 6; i++, sum = Math.floor(sum / 62)) check = BASE62[sum % 62] + check;
  if (!valid) check = check.slice(0, 5) + (check[5] === 'A' ? 'B' : 'A');
  return `${prefix}_${random}${check}`;
}

function ageKeys(): { recipient: string; secret: string } {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const priv = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  return {
    recipient: bech32.encode('age', bech32.toWords(pub)),
    secret: bech32.encode('AGE-SECRET-KEY-', bech32.toWords(priv)).toUpperCase(),
  };
}

/** Change one data character so the Bech32 checksum no longer holds. */
function breakChecksum(value: string): string {
  const i = value.length - 10;
  const c = value[i]!;
  const swap = c.toLowerCase() === 'q' ? 'p' : 'q';
  return value.slice(0, i) + (c === c.toUpperCase() ? swap.toUpperCase() : swap) + value.slice(i + 1);
}

function pgpSecretKey(dir: string): string | undefined {
  const home = path.join(dir, 'gnupg');
  const gpg = (...args: string[]): string =>
    execFileSync('gpg', ['--homedir', home, '--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], {
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString();
  try {
    execFileSync('mkdir', ['-m', '700', '-p', home]);
    gpg('--quick-gen-key', 'Leak Test <leak@example.org>', 'ed25519', 'sign', 'never');
    return gpg('--armor', '--export-secret-keys').trim();
  } catch {
    return undefined;
  }
}

/** A fresh self-signed certificate from openssl, or a look-alike block where it is missing. */
function certificate(dir: string): string {
  const cert = path.join(dir, 'cert.pem');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ed25519', '-nodes', '-keyout', path.join(dir, 'cert.key'), '-out', cert, '-subj', '/CN=leak-test', '-days', '1'], {
      stdio: 'ignore',
    });
    return readFileSync(cert, 'utf8').trim();
  } catch {
    return pem('CERTIFICATE', Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0x2c]), randomBytes(300)]));
  }
}

function pem(label: string, der: Buffer): string {
  return `-----BEGIN ${label}-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----`;
}

/** Every rule's leaks, fresh. `dir` is a scratch directory for ssh-keygen and gpg. */
export function makeLeaks(dir: string): Planted[] {
  const ed = sshKeygen(dir, 'ed', ['-t', 'ed25519']);
  const rsa = sshKeygen(dir, 'rsa', ['-t', 'rsa', '-b', '2048', '-m', 'PEM']);
  const ecdsa = sshKeygen(dir, 'ecdsa', ['-t', 'ecdsa', '-b', '384']);
  const age = ageKeys();
  const pkcs8 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim();
  const sec1 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString().trim();
  const encrypted = generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'test' })
    .toString()
    .trim();
  const pgp = pgpSecretKey(dir);
  const leaks: Planted[] = [
    { label: 'ipv4-10', rule: 'leak-private-address', value: `10.${octet()}.${octet()}.${octet()}` },
    { label: 'ipv4-172', rule: 'leak-private-address', value: `172.${randomInt(16, 32)}.${octet()}.${octet()}` },
    { label: 'ipv4-192-168', rule: 'leak-private-address', value: `192.168.${octet()}.${octet()}` },
    { label: 'ipv4-tailscale', rule: 'leak-private-address', value: `100.${randomInt(64, 128)}.${octet()}.${octet()}` },
    { label: 'ipv4-link-local', rule: 'leak-private-address', value: `169.254.${octet()}.${octet()}` },
    { label: 'ipv6-tailscale', rule: 'leak-private-address', value: `fd7a:115c:a1e0::${hextet()}:${hextet()}` },
    { label: 'ipv6-ula', rule: 'leak-private-address', value: `fd${hex(1)}:${hextet()}:${hextet()}::${hextet()}` },
    { label: 'ipv6-link-local', rule: 'leak-private-address', value: `fe80::${hextet()}:${hextet()}:${hextet()}:${hextet()}` },
    { label: 'tailnet-name', rule: 'leak-tailnet-name', value: `nas-${randomInt(100)}.tail${hex(2)}.ts.net` },
    { label: 'age-recipient', rule: 'leak-age-recipient', value: age.recipient },
    { label: 'age-secret-key', rule: 'leak-age-secret-key', value: age.secret },
    { label: 'ssh-ed25519', rule: 'leak-ssh-public-key', value: ed.pub },
    { label: 'ssh-rsa', rule: 'leak-ssh-public-key', value: rsa.pub },
    { label: 'ssh-ecdsa', rule: 'leak-ssh-public-key', value: ecdsa.pub },
    { label: 'ssh-bare-blob', rule: 'leak-ssh-public-key', value: ed.pub.split(' ')[1]! },
    { label: 'ssh-sk-ed25519', rule: 'leak-ssh-public-key', value: `sk-ssh-ed25519@openssh.com ${sshBlob('sk-ssh-ed25519@openssh.com', randomBytes(32), 'ssh:')}` },
    { label: 'key-openssh', rule: 'leak-private-key', value: ed.priv },
    { label: 'key-rsa-pem', rule: 'leak-private-key', value: rsa.priv },
    { label: 'key-pkcs8', rule: 'leak-private-key', value: pkcs8 },
    { label: 'key-ec-sec1', rule: 'leak-private-key', value: sec1 },
    { label: 'key-encrypted-pkcs8', rule: 'leak-private-key', value: encrypted },
    ...(pgp ? [{ label: 'key-pgp', rule: 'leak-private-key', value: pgp }] : []),
    {
      label: '1password',
      rule: 'leak-1password-token',
      value: `ops_${Buffer.from(
        JSON.stringify({
          signInAddress: 'my.1password.com',
          userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: hex(16) },
          email: `${pick(ALNUM, 12).toLowerCase()}@1passwordserviceaccounts.com`,
          srpX: hex(32),
          secretKey: `A3-${pick(ALNUM, 6).toUpperCase()}-${pick(ALNUM, 24).toUpperCase()}`,
          deviceUuid: pick(ALNUM, 26).toLowerCase(),
        }),
      ).toString('base64')}`,
    },
    {
      label: 'cloudflare-tunnel-token',
      rule: 'leak-cloudflare-tunnel',
      value: Buffer.from(JSON.stringify({ a: hex(16), t: randomUUID(), s: randomBytes(32).toString('base64') })).toString('base64'),
    },
    { label: 'cloudflare-tunnel-secret', rule: 'leak-cloudflare-tunnel', prefix: '"TunnelSecret": "', value: randomBytes(32).toString('base64') },
    { label: 'github-classic', rule: 'leak-github-token', value: githubToken('ghp', true) },
    { label: 'github-app', rule: 'leak-github-token', value: githubToken('ghs', true) },
    { label: 'github-fine-grained', rule: 'leak-github-token', value: `github_pat_${pick(ALNUM, 22)}_${pick(ALNUM, 59)}` },
    { label: 'aws-access-key', rule: 'leak-aws-access-key', value: `AKIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}` },
    { label: 'aws-secret-key', rule: 'leak-aws-secret-key', prefix: 'aws_secret_access_key = ', value: pick(`${ALNUM}/+`, 40) },
    { label: 'slack-bot-token', rule: 'leak-slack-token', value: `xoxb-${digits(12)}-${digits(13)}-${pick(ALNUM, 24)}` },
    {
      label: 'slack-webhook',
      rule: 'leak-slack-token',
      value: `https://hooks.slack.com/services/T${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}/B${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}/${pick(ALNUM, 24)}`,
    },
    {
      label: 'discord-bot-token',
      rule: 'leak-discord-token',
      value: `${Buffer.from(digits(18)).toString('base64url')}.${pick(`${ALNUM}_-`, 6)}.${pick(`${ALNUM}_-`, 38)}`,
    },
    { label: 'discord-webhook', rule: 'leak-discord-token', value: `https://discord.com/api/webhooks/${digits(18)}/${pick(`${ALNUM}_-`, 68)}` },
  ];
  return leaks;
}

/** Look-alikes that must stay clean. */
export function makeTraps(dir: string): Planted[] {
  const ed = sshKeygen(dir, 'trap-ed', ['-t', 'ed25519']);
  const edBlob = ed.pub.split(' ')[1]!;
  const rsaBlob = sshKeygen(dir, 'trap-rsa', ['-t', 'rsa', '-b', '2048']).pub.split(' ')[1]!;
  const age = ageKeys();
  const { publicKey } = generateKeyPairSync('ed25519');
  // A font starting with the same `AAAA` as every SSH blob.
  const font = Buffer.concat([Buffer.from([0, 0, 0, 1, 0, 0]), randomBytes(60)]).toString('base64');
  return [
    { label: 'doc-net-1', value: `192.0.2.${octet()}` },
    { label: 'doc-net-2', value: `198.51.100.${octet()}` },
    { label: 'doc-net-3', value: `203.0.113.${octet()}` },
    // Below fc00, so the html-text view's split cannot leave a ULA-looking tail in the raw text.
    { label: 'doc-ipv6', value: `2001:db8:${hextet(0xfc00)}::${hextet(0xfc00)}` },
    { label: 'loopback-v4', value: `127.0.${octet()}.${octet()}` },
    { label: 'loopback-v6', value: 'connect to ::1 on port 8080' },
    { label: 'outside-10', value: `9.255.255.255 and 11.0.0.${octet()}` },
    { label: 'outside-172', value: `172.15.255.254 and 172.32.0.${octet()}` },
    { label: 'outside-192-168', value: `192.167.255.255 and 192.169.0.${octet()}` },
    { label: 'outside-100-64', value: `100.63.255.255 and 100.128.0.${octet()}` },
    { label: 'outside-169-254', value: `169.253.255.255 and 169.255.0.${octet()}` },
    { label: 'outside-ula', value: `fbff::${hextet()} and fec0::${hextet()} and ff02::1` },
    { label: 'not-an-address', value: `10.0.0.256 and 10.0.0 and 1.2.10.0.0.1 and 2026.11.23` },
    { label: 'version-prerelease', value: '10.0.0.1-beta, 10.2.3.4-rc.1 and 192.168.1.1+build.5' },
    { label: 'version-prefix', value: 'v10.0.0.1 and V10.4.0.2' },
    { label: 'version-key', prefix: '"version": "', value: '10.1.0.2"' },
    { label: 'sri-hash', value: `sha384-${randomBytes(48).toString('base64')}` },
    { label: 'commit-id', value: `${hex(20)} (short ${hex(4).slice(0, 7)})` },
    { label: 'uuid', value: randomUUID() },
    { label: 'css-colours', value: `color: #fc00aa; background: #fd7a11; border-color: #fe80c0` },
    { label: 'data-uri-png', value: `data:image/png;base64,iVBORw0KGgo${randomBytes(60).toString('base64')}` },
    { label: 'data-uri-font', value: `data:font/woff2;base64,${font}` },
    { label: 'bech32-bad-recipient', value: breakChecksum(age.recipient) },
    { label: 'bech32-bad-secret', value: breakChecksum(age.secret) },
    { label: 'age-example-recipient', value: 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p' },
    // Blobs whose bytes are not a key of the type they name.
    { label: 'ssh-wrong-type', value: `ssh-rsa ${sshBlob('ssh-rsa', randomBytes(32))}` },
    { label: 'ssh-wrong-type-ed25519', value: `ssh-ed25519 ${sshBlob('ssh-ed25519', Buffer.from(rsaBlob, 'base64').subarray(11))}` },
    { label: 'ssh-unknown-type', value: `ssh-ed25519 ${sshBlob('ssh-foo', randomBytes(32))}` },
    { label: 'ssh-short-key', value: `ssh-ed25519 ${sshBlob('ssh-ed25519', randomBytes(31))}` },
    { label: 'ssh-trailing-bytes', value: `${edBlob.slice(0, -4)}${randomBytes(6).toString('base64')}` },
    { label: 'pem-public-key', value: publicKey.export({ type: 'spki', format: 'pem' }).toString().trim() },
    { label: 'pem-certificate', value: certificate(dir) },
    { label: 'pgp-public-key', value: pem('PGP PUBLIC KEY BLOCK', Buffer.concat([Buffer.from([0x98, 0x33, 0x04]), randomBytes(50)])) },
    { label: 'pem-header-only', value: 'a key file starts with -----BEGIN OPENSSH PRIVATE KEY----- and ends with its END line' },
    { label: 'pem-wrong-body', value: pem('OPENSSH PRIVATE KEY', randomBytes(120)) },
    { label: 'aws-doc-example', value: 'AKIAIOSFODNN7EXAMPLE aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    { label: 'github-doc-example', value: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a' },
    { label: 'github-bad-checksum', value: githubToken('ghp', false) },
    { label: 'slack-doc-example', value: 'xoxb-not-a-real-token-this-will-not-work and https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX' },
    { label: 'discord-look-alike', value: `${Buffer.from(`user-${pick(ALNUM, 13)}`).toString('base64url')}.${pick(ALNUM, 6)}.${pick(ALNUM, 38)}` },
    { label: 'jwt', value: `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: randomUUID() })).toString('base64url')}.${randomBytes(32).toString('base64url')}` },
    { label: '1password-not-json', value: `ops_eyJ${randomBytes(60).toString('base64url')}` },
    { label: 'ts-net-prose', value: 'MagicDNS names end in ts.net; the docs write tailnet-name.ts.net and example.ts.net' },
    { label: 'tunnel-secret-short', value: `"TunnelSecret": "${randomBytes(8).toString('base64')}"` },
    { label: 'encrypted-blob', value: createCipheriv('aes-128-ecb', randomBytes(16), null).update(randomBytes(64)).toString('base64') },
  ];
}
