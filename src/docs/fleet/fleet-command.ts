/**
 * How the fleet projection is made, for hints and help. fleet.nix is a function, so it is called
 * in `--expr` (see its header); its own module so the CLI's help needs nothing else of the docs stage.
 */
export const FLEET_COMMAND = "nix eval --impure --json --expr 'import ./deploy/nix/fleet.nix { flake = builtins.getFlake (toString ./.); roles = { }; }'";
