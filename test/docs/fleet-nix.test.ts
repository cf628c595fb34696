import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { FLEET_COMMAND } from '../../src/docs/fleet/fleet-command.ts';
import { readFleet } from '../../src/docs/fleet/read-fleet.ts';
import { skipUnlessCi } from '../helpers/needs-tool.ts';
import { runCli } from '../helpers/run-cli.ts';
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

/** A fixture flake copied out of the repository (inside a git work tree nix would read only tracked files). */
async function evalFixture(name: string): Promise<{ stdout: string; stderr: string; code: number }> {
  const from = path.join(fixtures, name);
  const dir = await tempDir();
  await cp(from, path.join(dir, 'flake'), { recursive: true });
  const arg = async (file: string, fallback: string): Promise<string> => {
    const text = await readFile(path.join(from, file), 'utf8').catch(() => fallback);
    return `builtins.fromJSON ''${text}''`;
  };
  const expr = `import ${path.join(projectRoot, 'deploy/nix/fleet.nix')} { flake = builtins.getFlake (toString ${path.join(dir, 'flake')}); roles = ${await arg('roles.json', '{}')}; services = ${await arg('services.json', '[]')}; }`;
  try {
    const { stdout, stderr } = await run('nix', ['eval', '--offline', '--store', path.join(dir, 'store'), '--impure', '--json', '--expr', expr], { env: nixEnv(dir) });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

const fixtures = path.join(projectRoot, 'test/fixtures/fleet-nix');

// Each case is a flake shaped like what nix-darwin's, NixOS's and colmena's module systems leave
// after evaluation; `expected.json` is the projection, or `expected-error.txt` nix's error.
describe('deploy/nix/fleet.nix on module-shaped configurations', async () => {
  for (const name of (await readdir(fixtures)).sort()) {
    it(name, { skip }, async () => {
      const { stdout, stderr, code } = await evalFixture(name);
      const expectedError = await readFile(path.join(fixtures, name, 'expected-error.txt'), 'utf8').catch(() => undefined);
      if (expectedError !== undefined) {
        assert.notEqual(code, 0);
        assert.equal(stdout, '', 'no JSON at all when the evaluation fails');
        assert.ok(stderr.includes(expectedError.trim()), stderr);
        return;
      }
      assert.equal(code, 0, stderr);
      assert.deepEqual(JSON.parse(stdout), JSON.parse(await readFile(path.join(fixtures, name, 'expected.json'), 'utf8')));
      assert.deepEqual(readFleet('fleet.json', stdout).findings, []);
      assert.ok(!/example\.internal|192\.0\.2|198\.51\.100|deploy"|\/usr\/local|--to|restic backup/.test(stdout), 'no address, user or command line');
    });
  }
});

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

  it('`--fleet FLAKE` evaluates fleet.nix here, roles from docs.roles, and builds the fleet chapter', { skip }, async () => {
    const dir = await tempDir();
    await cp(path.join(fixtures, 'colmena-hive'), path.join(dir, 'flake'), { recursive: true });
    await mkdir(path.join(dir, 'project'));
    await writeFile(path.join(dir, 'project/site.config.ts'), "export default { docs: { roles: { db: 'database', cache: 'cache' } } };\n");
    const env = { ...nixEnv(dir, `store = ${path.join(dir, 'store')}\nsubstitute = false`), SOURCE_DATE_EPOCH: '1700000000' };
    const result = await runCli(['docs', '--fleet', path.join(dir, 'flake'), '--out', path.join(dir, 'book')], path.join(dir, 'project'), env);
    assert.equal(result.code, 0, result.stderr);
    const overview = await readFile(path.join(dir, 'book/fleet/index.html'), 'utf8');
    assert.ok(overview.includes('database') && overview.includes('cache'), 'roles from the project\'s config');
  });

  it('shows nix\'s own error (`fleet-nix-eval`) at the flake file, exit 2, nothing written', { skip }, async () => {
    const dir = await tempDir();
    await cp(path.join(fixtures, 'eval-error'), path.join(dir, 'flake'), { recursive: true });
    const env = nixEnv(dir, `store = ${path.join(dir, 'store')}\nsubstitute = false`);
    const result = await runCli(['docs', '--fleet', path.join(dir, 'flake'), '--out', path.join(dir, 'book')], dir, env);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^flake\/flake\.nix:1:1 .*fleet-nix-eval/m);
    assert.match(result.stderr, /Failed assertions: services\.example needs a password file/);
    assert.ok(!existsSync(path.join(dir, 'book')));

    // An error nix places: a missing attribute in the flake itself.
    await writeFile(path.join(dir, 'flake/flake.nix'), '{\n  outputs = { self }: {\n    nixosConfigurations.a = self.missing;\n  };\n}\n');
    const placed = await runCli(['docs', '--fleet', path.join(dir, 'flake'), '--out', path.join(dir, 'book')], dir, env);
    assert.equal(placed.code, 2, placed.stderr);
    assert.match(placed.stderr, /^flake\/flake\.nix:3:29 .*fleet-nix-eval/m);
    assert.match(placed.stderr, /attribute 'missing' missing/);
  });

  it('an empty fleet.json (what `> fleet.json` leaves when nix failed) says so', async () => {
    assert.deepEqual(readFleet('fleet.json', '').findings.map((f) => f.ruleId), ['fleet-nix-eval']);
  });
});
