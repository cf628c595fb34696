import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { FLEET_COMMAND } from '../../src/docs/fleet/fleet-command.ts';
import { readFleet } from '../../src/docs/fleet/read-fleet.ts';
import { skipUnlessCi } from '../helpers/needs-tool.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);

/** Offline, flakes enabled for this run only, a store of its own: the machine's nix is left alone. */
const nixEnv = (dir: string, extra = ''): NodeJS.ProcessEnv => ({
  ...process.env,
  NIX_CONFIG: `experimental-features = nix-command flakes\nbuild-users-group =\n${extra}`,
  XDG_CACHE_HOME: path.join(dir, 'cache'),
});
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
const skip = skipUnlessCi(!hasNix() && 'nix is not installed on this machine');

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
    // The command fleet.nix's header documents (getFlake copies the flake into the store).
    const expr = `import ${path.join(projectRoot, 'deploy/nix/fleet.nix')} { flake = builtins.getFlake (toString ${dir}); roles = { studio = "studio workstation"; }; }`;
    const { stdout } = await run('nix', ['eval', '--offline', '--store', path.join(dir, 'store'), '--impure', '--json', '--expr', expr], { env: nixEnv(dir) });
    const { fleet, findings } = readFleet('fleet.json', stdout);
    assert.deepEqual(findings, []);
    assert.deepEqual(fleet!.hosts.map((h) => h.role), ['studio workstation', 'host 2']);
    assert.ok(!stdout.includes('secret-command') && !stdout.includes('/usr/local/bin') && !stdout.includes('"nas"'));
  });

  it('the command galley\'s hints print works as printed, from the flake\'s directory', { skip }, async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'flake.nix'), FLAKE);
    await mkdir(path.join(dir, 'deploy/nix'), { recursive: true });
    await copyFile(path.join(projectRoot, 'deploy/nix/fleet.nix'), path.join(dir, 'deploy/nix/fleet.nix'));
    const { stdout } = await run('sh', ['-c', FLEET_COMMAND], { cwd: dir, env: nixEnv(dir, `store = ${path.join(dir, 'store')}\nsubstitute = false`) });
    const { fleet, findings } = readFleet('fleet.json', stdout);
    assert.deepEqual(findings, []);
    assert.equal(fleet!.hosts.length, 2);
  });
});
