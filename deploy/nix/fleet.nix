# The fleet projection for `galley docs --fleet fleet.json`: every host of a nix-darwin / NixOS /
# colmena flake as its role, platform, packages, services (label and schedule) and a few options.
#
#   nix eval --impure --json --expr 'import ./deploy/nix/fleet.nix {
#     flake = builtins.getFlake (toString ./.);
#     roles = { studio = "studio workstation"; nas = "media server"; };
#   }' > fleet.json
#
# (`--expr` rather than `--file … --arg`: nix 2.8, Debian's nix-bin, does not call the function with
# `--arg` values under `nix eval`.)
#
# Hosts come from `darwinConfigurations`, `nixosConfigurations`, `colmenaHive` (colmena's makeHive or
# divnix/hive's collect: evaluated nodes, NixOS or nix-darwin) and `colmena` (a raw hive, evaluated here as colmena does, with the nixpkgs of its
# `meta`); a configuration name found in several outputs is one host, from the first of that order.
#
# What it never emits: configuration names (hostnames), addresses, users, keys, and a service's
# program, arguments or environment. Only builtins are used, so it evaluates without nixpkgs' lib.
# The whole result is forced before nix prints it: an evaluation error leaves no half JSON behind.
{
  flake,
  # configuration name -> the role the book shows; unnamed hosts become "host 1", "host 2", ...
  roles ? { },
  # NixOS units without a schedule to list too (scheduled units are always listed).
  services ? [ ],
}:
let
  inherit (builtins) attrNames concatStringsSep deepSeq elem elemAt filter foldl' fromJSON genList hasAttr
    head isAttrs isInt isList isString length listToAttrs map match split;
  nameOf = p: if isString p then p else p.pname or (builtins.parseDrvName p.name).name;
  brewName = x: if isString x then x else x.name;
  asList = x: if x == null then [ ] else if isList x then x else [ x ];
  # Sorted and unique: nix-darwin adds some packages from two modules (`zsh`, `zsh`).
  unique = names: attrNames (listToAttrs (map (name: { inherit name; value = null; }) names));
  filterNull = set: listToAttrs (map (k: { name = k; value = set.${k}; }) (filter (k: set.${k} != null) (attrNames set)));
  pick = keys: set: listToAttrs (map (k: { name = k; value = set.${k}; }) (filter (k: hasAttr k set) keys));
  enabled = unit: unit.enable or true;
  platformOf = c: c.pkgs.stdenv.hostPlatform.system or c.config.nixpkgs.hostPlatform.system;

  # launchd: StartCalendarInterval (one dict or a list) or StartInterval; nothing else of serviceConfig.
  # nix-darwin types each calendar entry as a submodule whose five fields default to null ("every").
  launchdSchedule = sc:
    if (sc.StartCalendarInterval or null) != null then
      { calendarInterval = map (e: filterNull (pick [ "Month" "Day" "Weekday" "Hour" "Minute" ] e)) (asList sc.StartCalendarInterval); }
    else if (sc.StartInterval or null) != null then
      { intervalSeconds = sc.StartInterval; }
    else null;
  launchd = kind: jobs: map (label:
    let sched = launchdSchedule (jobs.${label}.serviceConfig or { });
    in { inherit kind label; } // (if sched == null then { } else { schedule = sched; })
  ) (attrNames jobs);

  # systemd time spans (`1d`, `15min`, `1h 30min`, a bare number of seconds), see systemd.time(7).
  spanUnits = {
    "" = 1; s = 1; sec = 1; second = 1; seconds = 1;
    m = 60; min = 60; minute = 60; minutes = 60;
    h = 3600; hr = 3600; hour = 3600; hours = 3600;
    d = 86400; day = 86400; days = 86400;
    w = 604800; week = 604800; weeks = 604800;
    M = 2629800; month = 2629800; months = 2629800;
    y = 31557600; year = 31557600; years = 31557600;
  };
  spanSeconds = v:
    if isInt v then v
    else if !isString v then 0
    else foldl' (sum: part: sum + fromJSON (head (match "0*([0-9]+)" (elemAt part 0))) * (spanUnits.${elemAt part 1} or 0)) 0
      (filter isList (split "([0-9]+)[[:space:]]*([a-zA-Z]*)" v));
  firstSpan = keys: tc:
    let spans = filter (s: s > 0) (map spanSeconds (builtins.concatLists (map (k: asList (tc.${k} or null)) keys)));
    in if spans == [ ] then null else head spans;

  # A timer's schedule: OnCalendar, else the repeat interval and the delay after boot.
  timerSchedule = tc:
    let
      calendar = filter (c: c != "") (asList (tc.OnCalendar or null));
      relative = filterNull {
        intervalSeconds = firstSpan [ "OnUnitActiveSec" "OnUnitInactiveSec" ] tc;
        afterBootSeconds = firstSpan [ "OnBootSec" "OnStartupSec" ] tc;
      };
    in
    if calendar != [ ] then { calendar = concatStringsSep ", " calendar; }
    else if relative != { } then relative
    else null;

  # systemd: every enabled timer, whether or not a service of its name is declared (`fstrim` comes
  # from the package). NixOS turns a service's `startAt` into such a timer; a configuration that was
  # not evaluated by the module system may carry only the `startAt`.
  systemdJobs = timerKind: serviceKind: units: timers: residentNames:
    let
      declared = listToAttrs (map (name: { inherit name; value = timers.${name}.timerConfig or { }; })
        (filter (name: enabled timers.${name}) (attrNames timers)));
      fromStartAt = listToAttrs (map (name: { inherit name; value.OnCalendar = units.${name}.startAt; })
        (filter (name: enabled units.${name} && asList (units.${name}.startAt or null) != [ ]) (attrNames units)));
      all = fromStartAt // declared;
      scheduled = filter (job: job.schedule != null)
        (map (name: { kind = timerKind; label = "${name}.timer"; schedule = timerSchedule all.${name}; }) (attrNames all));
      resident = map (name: { kind = serviceKind; label = "${name}.service"; })
        (filter (name: hasAttr name units && !hasAttr name all) (unique residentNames));
    in scheduled ++ resident;

  darwinHost = c: let
    cfg = c.config;
    # `homebrew.enable` is false by default in nix-darwin: then nothing of the lists is installed.
    brew = if cfg.homebrew.enable or (cfg ? homebrew) then cfg.homebrew else { };
  in {
    os = "nix-darwin";
    platform = platformOf c;
    packages = {
      nix = unique (map nameOf (cfg.environment.systemPackages or [ ]));
      homebrew = {
        taps = unique (map brewName (brew.taps or [ ]));
        formulae = unique (map brewName (brew.brews or [ ]));
        casks = unique (map brewName (brew.casks or [ ]));
        masApps = map (name: { inherit name; id = brew.masApps.${name}; }) (attrNames (brew.masApps or { }));
      };
    };
    # nix-darwin: `launchd.daemons` (as root), `launchd.agents` (every user's session), `launchd.user.agents`.
    services = launchd "launchd-daemon" (cfg.launchd.daemons or { })
      ++ launchd "launchd-agent" (cfg.launchd.agents or { })
      ++ launchd "launchd-user-agent" (cfg.launchd.user.agents or { });
    options = filterNull {
      "nix.gc.automatic" = cfg.nix.gc.automatic or null;
      "security.pam.services.sudo_local.touchIdAuth" = cfg.security.pam.services.sudo_local.touchIdAuth or null;
      "system.defaults.dock.autohide" = cfg.system.defaults.dock.autohide or null;
      "system.stateVersion" = cfg.system.stateVersion or null;
    };
  };

  # NixOS adds its base set (system-path.nix: corePackages and defaultPackages, the same ~30 on every
  # host) to environment.systemPackages; the book lists what the configuration adds to it. Without
  # the option's definitions (an evaluation other than the module system's) the whole value counts.
  nixosPackages = c:
    let defs = c.options.environment.systemPackages.definitionsWithLocations or null;
    in if defs == null then c.config.environment.systemPackages or [ ]
    else builtins.concatLists (map (d: d.value)
      (filter (d: match ".*/nixos/modules/config/system-path[.]nix" (toString d.file) == null) defs));

  nixosHost = c: let cfg = c.config; in {
    os = "nixos";
    platform = platformOf c;
    packages.nix = unique (map nameOf (nixosPackages c));
    services = systemdJobs "systemd-timer" "systemd-service" (cfg.systemd.services or { }) (cfg.systemd.timers or { }) services
      ++ systemdJobs "systemd-user-timer" "systemd-user-service" (cfg.systemd.user.services or { }) (cfg.systemd.user.timers or { }) [ ];
    options = filterNull {
      "nix.gc.automatic" = cfg.nix.gc.automatic or null;
      "services.openssh.enable" = cfg.services.openssh.enable or null;
      "services.openssh.settings.PasswordAuthentication" = cfg.services.openssh.settings.PasswordAuthentication or null;
      "networking.firewall.enable" = cfg.networking.firewall.enable or null;
      "system.autoUpgrade.enable" = cfg.system.autoUpgrade.enable or null;
      "system.stateVersion" = cfg.system.stateVersion or null;
    };
  };

  # A raw colmena hive: every attribute but `meta`/`network`/`defaults` is a node, evaluated with
  # `<meta.nixpkgs>/nixos/lib/eval-config.nix` as colmena does. Its `deployment.*` options (target
  # host, user, keys) are not declared here, so `_module.check = false` lets them pass unread.
  colmenaNodes = hive:
    let
      meta = hive.meta or hive.network or { };
      names = filter (name: !elem name [ "meta" "network" "defaults" ]) (attrNames hive);
      evalNode = name:
        let npkgs = (meta.nodeNixpkgs or { }).${name} or meta.nixpkgs;
        in import (npkgs.path + "/nixos/lib/eval-config.nix") {
          inherit (npkgs) system;
          modules = [
            { _module.check = false; nixpkgs.overlays = npkgs.overlays or [ ]; nixpkgs.config = npkgs.config or { }; }
            (hive.defaults or { })
          ] ++ asList hive.${name};
          specialArgs = (meta.specialArgs or { }) // ((meta.nodeSpecialArgs or { }).${name} or { }) // { inherit name nodes; };
        };
      nodes = listToAttrs (map (name: { inherit name; value = evalNode name; }) names);
    in nodes;

  outputs = [
    { name = "darwinConfigurations"; configs = flake.darwinConfigurations or { }; }
    { name = "nixosConfigurations"; configs = flake.nixosConfigurations or { }; }
    { name = "colmenaHive"; configs = flake.colmenaHive.nodes or { }; }
    { name = "colmena"; configs = if flake ? colmena then colmenaNodes flake.colmena else { }; }
  ];
  # The platform, not the output, says what a configuration is: divnix/hive's `colmenaHive` also
  # holds nix-darwin nodes (evaluated with darwinSystem).
  project = c: if match ".*-darwin" (platformOf c) != null then darwinHost c else nixosHost c;
  # Each configuration name once, from the first output that has it.
  all = foldl' (acc: out: acc ++ map (name: { inherit name; host = project out.configs.${name}; })
    (filter (name: !elem name (map (h: h.name) acc)) (attrNames out.configs))) [ ] outputs;

  fleet = {
    fleetVersion = 1;
    hosts =
      if all == [ ] then
        throw "fleet.nix: no hosts: the flake has no configuration in ${concatStringsSep ", " (map (o: o.name) outputs)} (the outputs it looked in)"
      else genList (i:
        let h = elemAt all i;
        in { role = roles.${h.name} or "host ${toString (i + 1)}"; } // h.host
      ) (length all);
  };
in
deepSeq fleet fleet
