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

// CI installs nix (Debian's nix-bin, see .ci/run), so there a missing nix is a failure, not a skip.
const skip = hasNix() || process.env.CI === 'true' ? false : 'nix is not installed on this machine';

// A stand-in flake: configurations as plain attribute sets shaped like nix-darwin's and NixOS's
// evaluated `config`, so fleet.nix is evaluated offline, without nixpkgs.
const FLAKE = `{ outputs = { self }: {
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
}; }`;

describe('deploy/nix/fleet.nix', () => {
  it('projects a small local flake to a fleet.json the schema accepts, without command lines or names', { skip }, async () => {
    assert.ok(hasNix(), 'nix is not installed, and CI=true: install Debian\'s nix-bin (.ci/run does) so the fleet evaluation runs');
    const dir = await tempDir();
    await writeFile(path.join(dir, 'flake.nix'), FLAKE);
    // The command fleet.nix's header documents, offline, with flakes enabled for this run only and
    // a store of its own (getFlake copies the flake into it), so the machine's nix is left alone.
    const expr = `import ${path.join(projectRoot, 'deploy/nix/fleet.nix')} { flake = builtins.getFlake (toString ${dir}); roles = { studio = "studio workstation"; }; }`;
    const { stdout } = await run('nix', ['eval', '--offline', '--store', path.join(dir, 'store'), '--impure', '--json', '--expr', expr], {
      env: { ...process.env, NIX_CONFIG: 'experimental-features = nix-command flakes\nbuild-users-group =', XDG_CACHE_HOME: path.join(dir, 'cache') },
    });
    const { fleet, findings } = readFleet('fleet.json', stdout);
    assert.deepEqual(findings, []);
    assert.deepEqual(fleet!.hosts.map((h) => h.role), ['studio workstation', 'host 2']);
    assert.ok(!stdout.includes('secret-command') && !stdout.includes('/usr/local/bin') && !stdout.includes('"nas"'));
  });
});
