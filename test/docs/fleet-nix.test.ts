import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { readFleet } from '../../src/docs/fleet/read-fleet.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, '../..');

function hasNix(): boolean {
  try {
    execFileSync('nix', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// A stand-in flake: configurations as plain attribute sets shaped like nix-darwin's and NixOS's
// evaluated `config`, so fleet.nix is evaluated offline, without nixpkgs.
const FLAKE = `{
  darwinConfigurations.studio = {
    pkgs.stdenv.hostPlatform.system = "aarch64-darwin";
    config = {
      environment.systemPackages = [ { pname = "git"; name = "git-2.47.0"; } ];
      homebrew = { taps = [ "fluxcd/tap" ]; brews = [ "jq" { name = "fluxcd/tap/flux"; } ]; casks = [ "firefox" ]; masApps.Xcode = 497799835; };
      launchd.daemons.nix-gc.serviceConfig = { ProgramArguments = [ "/bin/sh" "-c" "secret-command" ]; StartCalendarInterval = [ { Weekday = 0; Hour = 3; Minute = 15; } ]; };
      launchd.agents.backup.serviceConfig = { Program = "/usr/local/bin/backup"; StartInterval = 3600; };
      security.pam.services.sudo_local.touchIdAuth = true;
      system.stateVersion = 5;
    };
  };
  nixosConfigurations.nas = {
    pkgs.stdenv.hostPlatform.system = "x86_64-linux";
    config = {
      environment.systemPackages = [ { name = "htop-3.3.0"; } ];
      systemd.services = { backup = { startAt = "daily"; script = "secret-command"; }; sshd = { }; };
      systemd.timers = { };
      services.openssh.enable = true;
      system.stateVersion = "24.11";
    };
  };
}`;

describe('deploy/nix/fleet.nix', () => {
  it('projects a small local flake to a fleet.json the schema accepts, without command lines or names', { skip: hasNix() ? false : 'nix is not installed on this machine' }, async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'flake.nix'), FLAKE);
    const { stdout } = await run('nix', [
      'eval', '--offline', '--json', '--extra-experimental-features', 'nix-command', '--file', path.join(projectRoot, 'deploy/nix/fleet.nix'),
      '--arg', 'flake', `import ${path.join(dir, 'flake.nix')}`, '--arg', 'roles', '{ studio = "studio workstation"; }',
    ]);
    const { fleet, findings } = readFleet('fleet.json', stdout);
    assert.deepEqual(findings, []);
    assert.deepEqual(fleet!.hosts.map((h) => h.role), ['studio workstation', 'host 2']);
    assert.ok(!stdout.includes('secret-command') && !stdout.includes('/usr/local/bin') && !stdout.includes('"nas"'));
  });
});
