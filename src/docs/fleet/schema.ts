import { z } from 'zod';

/**
 * `fleet.json`: what `deploy/nix/fleet.nix` projects from each host's nix-darwin or NixOS
 * configuration. Strict on purpose: a key it does not know (a hostname, an address, a user, a
 * command line) is refused rather than passed on to the book.
 */
const name = z.string().min(1).max(200);

/** launchd `StartCalendarInterval` entry (unset fields mean "every"). */
export const calendarIntervalSchema = z.strictObject({
  Month: z.number().int().min(1).max(12).optional(),
  Day: z.number().int().min(1).max(31).optional(),
  Weekday: z.number().int().min(0).max(7).optional(),
  Hour: z.number().int().min(0).max(23).optional(),
  Minute: z.number().int().min(0).max(59).optional(),
});

export const scheduleSchema = z.union([
  /** systemd `OnCalendar=` of the unit's timer. */
  z.strictObject({ calendar: name }),
  /** launchd `StartInterval`, or systemd `OnUnitActiveSec=` in seconds (and `OnBootSec=`, the first run). */
  z.strictObject({ intervalSeconds: z.number().int().positive(), afterBootSeconds: z.number().int().positive().optional() }),
  /** systemd `OnBootSec=` alone: once per boot. */
  z.strictObject({ afterBootSeconds: z.number().int().positive() }),
  /** launchd `StartCalendarInterval`. */
  z.strictObject({ calendarInterval: z.array(calendarIntervalSchema).min(1) }),
]);

/**
 * A service by label and schedule only: never its program, arguments or environment. launchd agents
 * run in every user's session (`launchd.agents`) or in one user's (`launchd.user.agents`); a systemd
 * job is its timer, whether or not the service it starts is declared.
 */
export const serviceSchema = z.strictObject({
  kind: z.enum(['launchd-daemon', 'launchd-agent', 'launchd-user-agent', 'systemd-service', 'systemd-user-service', 'systemd-timer', 'systemd-user-timer']),
  label: name,
  schedule: scheduleSchema.optional(),
});

export const hostSchema = z.strictObject({
  /** What the host is for ("studio", "media server"): the book's only name for it. */
  role: name,
  os: z.enum(['nix-darwin', 'nixos']),
  /** Nix system double: `aarch64-darwin`, `x86_64-linux`. */
  platform: z.string().regex(/^[a-z0-9_]+-(darwin|linux)$/, 'expected a Nix system like `aarch64-darwin`'),
  packages: z
    .strictObject({
      nix: z.array(name).default([]),
      homebrew: z
        .strictObject({
          taps: z.array(name).default([]),
          formulae: z.array(name).default([]),
          casks: z.array(name).default([]),
          masApps: z.array(z.strictObject({ name, id: z.number().int().positive() })).default([]),
        })
        .prefault({}),
    })
    .prefault({}),
  services: z.array(serviceSchema).default([]),
  /** System options worth documenting, by their option path (`security.pam.services.sudo_local.touchIdAuth`). */
  options: z.record(z.string().regex(/^[A-Za-z_][\w.-]*$/, 'expected an option path'), z.union([z.boolean(), z.number(), name])).default({}),
});

export const fleetSchema = z.strictObject({
  fleetVersion: z.literal(1),
  hosts: z.array(hostSchema).min(1, 'expected at least one host (fleet.nix reads darwinConfigurations, nixosConfigurations, colmenaHive and colmena)'),
});

export type Fleet = z.output<typeof fleetSchema>;
export type FleetHost = z.output<typeof hostSchema>;
export type FleetService = z.output<typeof serviceSchema>;
export type Schedule = z.output<typeof scheduleSchema>;
