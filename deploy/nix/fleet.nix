# The fleet projection for `galley docs --fleet fleet.json`: every host of a nix-darwin / NixOS
# flake as its role, platform, packages, services (label and schedule) and a few system options.
#
#   nix eval --impure --json --expr 'import ./deploy/nix/fleet.nix {
#     flake = builtins.getFlake (toString ./.);
#     roles = { studio = "studio workstation"; nas = "media server"; };
#   }' > fleet.json
#
# (`--expr` rather than `--file … --arg`: nix 2.8, Debian's nix-bin, does not call the function with
# `--arg` values under `nix eval`.)
#
# What it never emits: configuration names (hostnames), addresses, users, keys, and a service's
# program, arguments or environment. Only builtins are used, so it evaluates without nixpkgs' lib.
{
  flake,
  # configuration name -> the role the book shows; unnamed hosts become "host 1", "host 2", ...
  roles ? { },
  # NixOS units without a schedule to list too (scheduled units are always listed).
  services ? [ ],
}:
let
  inherit (builtins) attrNames filter genList hasAttr isList isString length listToAttrs map;
  orEmpty = set: name: if hasAttr name set then set.${name} else { };
  nameOf = p: if isString p then p else p.pname or (builtins.parseDrvName p.name).name;
  brewName = x: if isString x then x else x.name;
  asList = x: if isList x then x else [ x ];
  pick = keys: set: listToAttrs (map (k: { name = k; value = set.${k}; }) (filter (k: hasAttr k set) keys));

  # launchd: StartCalendarInterval (one dict or a list) or StartInterval; nothing else of serviceConfig.
  launchdSchedule = sc:
    if sc ? StartCalendarInterval && sc.StartCalendarInterval != null then
      { calendarInterval = map (pick [ "Month" "Day" "Weekday" "Hour" "Minute" ]) (asList sc.StartCalendarInterval); }
    else if sc ? StartInterval && sc.StartInterval != null then
      { intervalSeconds = sc.StartInterval; }
    else null;
  launchd = kind: jobs: map (label:
    let sched = launchdSchedule (jobs.${label}.serviceConfig or { });
    in { inherit kind label; } // (if sched == null then { } else { schedule = sched; })
  ) (attrNames jobs);

  # systemd: `startAt` of the service, or the OnCalendar of a timer of the same name.
  systemdSchedule = cfg: name:
    let
      unit = cfg.systemd.services.${name};
      timer = (orEmpty cfg.systemd.timers name).timerConfig or { };
      startAt = asList (unit.startAt or [ ]);
    in
    if startAt != [ ] then { calendar = builtins.concatStringsSep ", " startAt; }
    else if timer ? OnCalendar then { calendar = builtins.concatStringsSep ", " (asList timer.OnCalendar); }
    else null;
  systemd = cfg: filter (s: s != null) (map (name:
    let sched = systemdSchedule cfg name;
    in if sched != null then { kind = "systemd-service"; label = "${name}.service"; schedule = sched; }
       else if builtins.elem name services then { kind = "systemd-service"; label = "${name}.service"; }
       else null
  ) (attrNames cfg.systemd.services));

  darwinHost = c: let cfg = c.config; brew = cfg.homebrew or { }; in {
    os = "nix-darwin";
    platform = c.pkgs.stdenv.hostPlatform.system or cfg.nixpkgs.hostPlatform.system;
    packages = {
      nix = map nameOf (cfg.environment.systemPackages or [ ]);
      homebrew = {
        taps = map brewName (brew.taps or [ ]);
        formulae = map brewName (brew.brews or [ ]);
        casks = map brewName (brew.casks or [ ]);
        masApps = map (name: { inherit name; id = brew.masApps.${name}; }) (attrNames (brew.masApps or { }));
      };
    };
    services = launchd "launchd-daemon" (cfg.launchd.daemons or { })
      ++ launchd "launchd-agent" (cfg.launchd.agents or { })
      ++ launchd "launchd-agent" ((cfg.launchd.user or { }).agents or { });
    options = filterNull {
      "security.pam.services.sudo_local.touchIdAuth" = cfg.security.pam.services.sudo_local.touchIdAuth or null;
      "system.defaults.dock.autohide" = cfg.system.defaults.dock.autohide or null;
      "system.stateVersion" = cfg.system.stateVersion or null;
    };
  };

  nixosHost = c: let cfg = c.config; in {
    os = "nixos";
    platform = c.pkgs.stdenv.hostPlatform.system or cfg.nixpkgs.hostPlatform.system;
    packages.nix = map nameOf (cfg.environment.systemPackages or [ ]);
    services = systemd cfg;
    options = filterNull {
      "services.openssh.enable" = cfg.services.openssh.enable or null;
      "services.openssh.settings.PasswordAuthentication" = cfg.services.openssh.settings.PasswordAuthentication or null;
      "networking.firewall.enable" = cfg.networking.firewall.enable or null;
      "system.autoUpgrade.enable" = cfg.system.autoUpgrade.enable or null;
      "system.stateVersion" = cfg.system.stateVersion or null;
    };
  };

  filterNull = set: listToAttrs (map (k: { name = k; value = set.${k}; }) (filter (k: set.${k} != null) (attrNames set)));

  hosts = project: configs: map (name: { inherit name; host = project configs.${name}; }) (attrNames configs);
  all = hosts darwinHost (flake.darwinConfigurations or { }) ++ hosts nixosHost (flake.nixosConfigurations or { });
in
{
  fleetVersion = 1;
  hosts = genList (i:
    let h = builtins.elemAt all i;
    in { role = roles.${h.name} or "host ${toString (i + 1)}"; } // h.host
  ) (length all);
}
