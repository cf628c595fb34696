// The key checks `doctor` and `publish` run before touching a remote, and `galley keys init`,
// over real ssh-keygen keys: one case per refusal, with its exact message and hint. Fingerprints
// are compared with `ssh-keygen -l`, not with the code under test.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, copyFile, cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { configSchema } from '../../src/config/schema.ts';
import { ExitCode, GalleyError } from '../../src/report/galley-error.ts';
import { checkKeys } from '../../src/publish/keys/check-keys.ts';
import { generateKey, initKeys } from '../../src/publish/keys/init-keys.ts';
import { resolveKeyPaths, type KeyPaths } from '../../src/publish/keys/key-paths.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const exec = promisify(execFile);
const REMOTE = 'ssh://git@127.0.0.1:2222/site.git';
const fingerprintOf = async (file: string): Promise<string> => (await exec('ssh-keygen', ['-l', '-f', file])).stdout.split(' ')[1]!;

/** One set of keys made by `keys init`, copied for each case to break. */
const template = await tempDir('galley-keys-');
const templatePaths = resolveKeyPaths(template, configSchema.parse({}).publish.keys, {});
const initialized = await initKeys({ paths: templatePaths, principal: 'publish@example.org', hostPattern: '[127.0.0.1]:*' });

async function project(breakIt: (paths: KeyPaths, root: string) => Promise<void> = async () => {}): Promise<{ root: string; paths: KeyPaths }> {
  const root = await tempDir('galley-keys-case-');
  await cp(template, root, { recursive: true });
  const paths = resolveKeyPaths(root, configSchema.parse({}).publish.keys, {});
  await breakIt(paths, root);
  return { root, paths };
}

const hostHint = "Pin the server's host key: `galley keys init` for the embedded server, or add its verified key to GALLEY_KNOWN_HOSTS.";
const reuseHint = 'Give each role its own key: a leaked read key must never be able to push or sign.';

interface Case {
  name: string;
  breakIt: (paths: KeyPaths, root: string) => Promise<void>;
  remote?: string;
  /** Findings as `file ruleId message | hint`; `{write}`... stand for the fingerprint of that role's key. */
  findings: string[];
}

const cases: Case[] = [
  {
    name: 'a missing key',
    breakIt: (p) => rm(p.write),
    findings: ['.galley/keys/write_ed25519 publish-key-missing Unexpected missing write key, expected a private key file | Run `galley keys init`, or point GALLEY_WRITE_KEY / publish.keys.write at the key.'],
  },
  {
    name: 'a key the group can read',
    breakIt: (p) => chmod(p.read, 0o640),
    findings: ['.galley/keys/read_ed25519 publish-key-permissions Unexpected mode 0640 on the read key, expected 0600 (owner only) | Run `chmod 600 .galley/keys/read_ed25519`; ssh refuses such keys too.'],
  },
  {
    name: 'a key others can write',
    breakIt: (p) => chmod(p.signing, 0o602),
    findings: ['.galley/keys/signing_ed25519 publish-key-permissions Unexpected mode 0602 on the signing key, expected 0600 (owner only) | Run `chmod 600 .galley/keys/signing_ed25519`; ssh refuses such keys too.'],
  },
  {
    name: 'an owner-only key without write permission',
    breakIt: (p) => chmod(p.write, 0o400),
    findings: [],
  },
  {
    name: 'a file that is not a private key',
    breakIt: (p) => writeFile(p.signing, 'not a key\n', { mode: 0o600 }),
    findings: ['.galley/keys/signing_ed25519 publish-key-invalid Unexpected content, expected an unencrypted OpenSSH private key (signing key) | Generate one with `galley keys init` or `ssh-keygen -t ed25519 -N ""`.'],
  },
  {
    name: 'one key for the write and signing roles',
    breakIt: (p) => copyFile(p.write, p.signing),
    findings: [`.galley/keys/signing_ed25519 publish-key-reused Unexpected signing key equal to the write key ({write}), expected a distinct key per role | ${reuseHint}`],
  },
  {
    name: 'one key for all three roles',
    breakIt: async (p) => {
      await copyFile(p.write, p.read);
      await copyFile(p.write, p.signing);
    },
    findings: [
      `.galley/keys/read_ed25519 publish-key-reused Unexpected read key equal to the write key ({write}), expected a distinct key per role | ${reuseHint}`,
      `.galley/keys/signing_ed25519 publish-key-reused Unexpected signing key equal to the write key ({write}), expected a distinct key per role | ${reuseHint}`,
      `.galley/keys/signing_ed25519 publish-key-reused Unexpected signing key equal to the read key ({write}), expected a distinct key per role | ${reuseHint}`,
    ],
  },
  {
    name: 'no known_hosts',
    breakIt: (p) => rm(p.knownHosts),
    findings: [`.galley/keys/known_hosts publish-host-unpinned Unexpected missing known_hosts, expected the pinned host key of the deploy server | ${hostHint}`],
  },
  {
    name: 'a known_hosts of comments, blank lines and a line without a key',
    breakIt: (p) => writeFile(p.knownHosts, '# [127.0.0.1]:* ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA\n\n   \n[127.0.0.1]:* ssh-ed25519 not*base64\nhost-only\n'),
    findings: [`.galley/keys/known_hosts publish-host-unpinned Unexpected known_hosts without a host key, expected \`host key-type base64\` | ${hostHint}`],
  },
  {
    name: 'a known_hosts that pins another host',
    breakIt: async () => {},
    remote: 'ssh://git@git.example.org/site.git',
    findings: [`.galley/keys/known_hosts publish-host-unpinned Unexpected known_hosts without an entry for git.example.org, expected the deploy server's pinned host key | ${hostHint}`],
  },
];

describe('checkKeys', () => {
  test('the keys keys init made pass, each with the fingerprint ssh-keygen reads', async () => {
    const { root, paths } = await project();
    const result = await checkKeys(root, paths, REMOTE);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(
      result.keys,
      [
        { role: 'write', path: paths.write, fingerprint: await fingerprintOf(paths.write) },
        { role: 'read', path: paths.read, fingerprint: await fingerprintOf(paths.read) },
        { role: 'signing', path: paths.signing, fingerprint: await fingerprintOf(paths.signing) },
      ],
    );
    assert.deepEqual((await checkKeys(root, paths)).findings, [], 'without a remote, any pinned host key will do');
  });

  for (const c of cases) {
    test(c.name, async () => {
      const { root, paths } = await project(c.breakIt);
      const { findings } = await checkKeys(root, paths, c.remote ?? REMOTE);
      for (const f of findings) {
        assert.deepEqual([f.line, f.column, f.severity, f.source], [1, 1, 'error', 'publish']);
      }
      const write = c.findings.some((f) => f.includes('{write}')) ? await fingerprintOf(paths.write) : '';
      assert.deepEqual(
        findings.map((f) => `${f.file} ${f.ruleId} ${f.message} | ${f.hint}`),
        c.findings.map((f) => f.replaceAll('{write}', write)),
      );
    });
  }

  test('a key outside the project is named by its full path', async () => {
    const { paths } = await project((p) => rm(p.write));
    const elsewhere = await tempDir();
    const { findings } = await checkKeys(elsewhere, paths, REMOTE);
    assert.deepEqual(findings.map((f) => f.file), [path.relative(elsewhere, paths.write)]);
  });
});

describe('keys init', () => {
  test('writes a key per role and the host key, allowed_signers and a pinning known_hosts', async () => {
    const p = templatePaths;
    assert.deepEqual(initialized.created, [
      p.write, `${p.write}.pub`, p.read, `${p.read}.pub`, p.signing, `${p.signing}.pub`, p.hostKey, `${p.hostKey}.pub`, p.allowedSigners, p.knownHosts,
    ]);
    const publicLine = async (file: string) => (await readFile(`${file}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
    assert.equal(await readFile(p.allowedSigners, 'utf8'), `publish@example.org namespaces="git,galley-sync" ${await publicLine(p.signing)}\n`);
    assert.equal(await readFile(p.knownHosts, 'utf8'), `[127.0.0.1]:* ${await publicLine(p.hostKey)}\n`);
    assert.equal((await stat(p.knownHosts)).mode & 0o777, 0o644);
    assert.equal((await stat(p.allowedSigners)).mode & 0o777, 0o644);
    assert.match(await readFile(`${p.hostKey}.pub`, 'utf8'), / galley-host\n$/);
    assert.match(await readFile(`${p.read}.pub`, 'utf8'), / galley-read\n$/);
  });

  test('run again, it keeps every file; a new principal rewrites allowed_signers alone', async () => {
    const { paths } = await project();
    const before = await readFile(paths.write);
    assert.deepEqual((await initKeys({ paths, principal: 'publish@example.org', hostPattern: 'other' })).created, []);
    assert.deepEqual(await readFile(paths.write), before);
    assert.deepEqual((await initKeys({ paths, principal: 'someone@example.org', hostPattern: 'other' })).created, [paths.allowedSigners]);
    assert.match(await readFile(paths.allowedSigners, 'utf8'), /^someone@example\.org namespaces="git,galley-sync" ssh-ed25519 /);
    assert.match(await readFile(paths.knownHosts, 'utf8'), /^\[127\.0\.0\.1\]:\* /);
  });

  test('without ssh-keygen on the PATH, an I/O error that says what to install', async () => {
    const dir = await tempDir();
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try {
      await assert.rejects(generateKey(path.join(dir, 'keys', 'write_ed25519'), 'galley-write'), (error: unknown) => {
        assert.ok(error instanceof GalleyError);
        assert.equal(error.message, 'Unexpected missing `ssh-keygen`, expected OpenSSH on the PATH');
        assert.equal(error.exitCode, ExitCode.io);
        assert.equal(error.ruleId, 'publish-keygen');
        assert.equal(error.hint, 'Install the OpenSSH client (Debian: `apt-get install openssh-client`); publish needs it to push too.');
        return true;
      });
    } finally {
      process.env.PATH = saved;
    }
  });

  test('an ssh-keygen that fails is named with the key it was making', async () => {
    const dir = await tempDir();
    // A directory where the key should go: ssh-keygen cannot write its file.
    const file = path.join(dir, 'keys', 'read_ed25519');
    await mkdir(path.join(dir, 'keys'));
    const saved = process.env.PATH;
    await writeFile(path.join(dir, 'ssh-keygen'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    process.env.PATH = dir;
    try {
      await assert.rejects(generateKey(file, 'galley-read'), { message: 'Unexpected failure of `ssh-keygen` for read_ed25519', exitCode: ExitCode.io });
    } finally {
      process.env.PATH = saved;
    }
  });
});

test('key paths: the environment first, then publish.keys, then the key folder', () => {
  const keys = configSchema.parse({ publish: { keys: { dir: 'secrets', read: 'elsewhere/read' } } }).publish.keys;
  const paths = resolveKeyPaths('/project', keys, { GALLEY_SIGNING_KEY: '/run/signing', GALLEY_KNOWN_HOSTS: 'hosts', GALLEY_WRITE_KEY: '' });
  assert.deepEqual(paths, {
    write: '/project/secrets/write_ed25519',
    read: '/project/elsewhere/read',
    signing: '/run/signing',
    allowedSigners: '/project/secrets/allowed_signers',
    knownHosts: '/project/hosts',
    hostKey: '/project/secrets/host_ed25519',
  });
});
