import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderFleetChapter } from '../../src/docs/fleet/render-fleet.ts';
import { fleetSchema } from '../../src/docs/fleet/schema.ts';

const nixos = (services: unknown[], nix: string[] = []) => ({ role: 'web server', os: 'nixos', platform: 'x86_64-linux', packages: { nix }, services });
const FLEET = fleetSchema.parse({
  fleetVersion: 1,
  hosts: [
    nixos([{ kind: 'systemd-timer', label: 'acme-renew.timer', schedule: { calendar: 'daily' } }], ['nginx']),
    nixos([{ kind: 'systemd-timer', label: 'acme-renew.timer', schedule: { calendar: 'daily' } }], ['nginx']),
    { role: 'database', os: 'nixos', platform: 'x86_64-linux', packages: { nix: ['postgresql'] }, services: [{ kind: 'systemd-timer', label: 'fstrim.timer', schedule: { intervalSeconds: 86400, afterBootSeconds: 900 } }] },
    { role: 'database', os: 'nixos', platform: 'aarch64-linux', packages: { nix: ['postgresql', 'pgbackrest'] }, services: [] },
    { role: 'bare', os: 'nixos', platform: 'x86_64-linux' },
    {
      role: 'studio', os: 'nix-darwin', platform: 'aarch64-darwin', packages: { homebrew: { formulae: ['jq'], casks: ['firefox'] } },
      services: [
        { kind: 'launchd-daemon', label: 'nix-gc', schedule: { calendarInterval: [{ Weekday: 7, Hour: 3, Minute: 15 }] } },
        { kind: 'launchd-agent', label: 'sync', schedule: { intervalSeconds: 3600 } },
        { kind: 'launchd-user-agent', label: 'clipboard' },
      ],
    },
  ],
});

const pages = new Map(renderFleetChapter(FLEET, 'generated from main @ 0000000; 2023-11-14').map((p) => [p.path, p.markdown]));
const page = (name: string): string => pages.get(name) ?? assert.fail(`no page ${name} in ${[...pages.keys()].join(', ')}`);

describe('fleet chapter by role', () => {
  it('has one page per role, and the overview counts hosts per role', () => {
    assert.deepEqual([...pages.keys()], ['SUMMARY.md', 'fleet/index.md', 'fleet/web-server.md', 'fleet/database.md', 'fleet/bare.md', 'fleet/studio.md']);
    const overview = page('fleet/index.md');
    assert.match(overview, /^6 hosts in 4 roles,/m);
    assert.match(overview, /^\| \[web server\]\(web-server\.md\) \| 2 \| nixos \| `x86_64-linux` \| `acme-renew` \| 1 \| — \|$/m);
    assert.match(overview, /^\| \[studio\]\(studio\.md\) \| 1 \| nix-darwin \| `aarch64-darwin` \| `nix-gc`, `sync`, `clipboard` \| 0 \| 1 formula, 1 cask \|$/m);
  });

  it('describes hosts configured alike once, and hosts that differ one by one', () => {
    assert.match(page('fleet/web-server.md'), /^2 hosts, configured alike: each is a NixOS host on `x86_64-linux`: 1 Nix package; 1 scheduled job, 0 services\.$/m);
    const database = page('fleet/database.md');
    assert.match(database, /^## Host 1 of 2$/m);
    assert.match(database, /^## Host 2 of 2$/m);
    assert.match(database, /^\| `fstrim\.timer` \| systemd timer \| every 1 d, first 15 min after boot \|$/m);
    assert.match(database, /^#### Nix packages \(2\)$/m);
  });

  it('gives NixOS hosts no Homebrew, and no heading without content', () => {
    for (const name of ['fleet/web-server.md', 'fleet/database.md', 'fleet/bare.md']) assert.doesNotMatch(page(name), /Homebrew|formula|cask/i, name);
    const bare = page('fleet/bare.md');
    assert.match(bare, /^A NixOS host on `x86_64-linux`: 0 Nix packages; 0 scheduled jobs, 0 services\.$/m);
    assert.doesNotMatch(bare, /^#{2,}/m);
    for (const [name, markdown] of pages) {
      const lines = markdown.split('\n');
      lines.forEach((line, i) => {
        if (!/^#{2,} /.test(line)) return;
        const next = lines.slice(i + 1).find((l) => l.trim() !== '');
        const level = /^#+/.exec(line)![0].length;
        const nextLevel = next === undefined ? 0 : (/^#+/.exec(next)?.[0].length ?? 99);
        assert.ok(nextLevel > level, `empty heading ${line} in ${name}`);
      });
    }
  });

  it('tells launchd daemons, agents of every user and agents of one user apart', () => {
    const studio = page('fleet/studio.md');
    assert.match(studio, /^A macOS host managed by nix-darwin on `aarch64-darwin`: 0 Nix packages, 1 Homebrew formula, 1 cask; 2 scheduled jobs, 1 service\.$/m);
    assert.match(studio, /^\| `nix-gc` \| launchd daemon \| Sundays at 03:15 \|$/m);
    assert.match(studio, /^\| `sync` \| launchd agent, every user \| every 1 h \|$/m);
    assert.match(studio, /^\| `clipboard` \| launchd agent, one user \|$/m);
  });
});
