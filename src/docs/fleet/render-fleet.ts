import { isDeepStrictEqual } from 'node:util';
import { SlugCounter, slugify } from '../../markdown/slugify.ts';
import { count } from '../../report/count.ts';
import { code, table, text } from '../markdown-text.ts';
import type { DocsPage } from '../render-cluster.ts';
import type { Fleet, FleetHost, FleetService, Schedule } from './schema.ts';
import { describeSchedule } from './schedule-text.ts';

/** How a reader tells the kinds apart: launchd's three places, systemd's units and timers. */
const KIND_TEXT: Record<FleetService['kind'], string> = {
  'launchd-daemon': 'launchd daemon',
  'launchd-agent': 'launchd agent, every user',
  'launchd-user-agent': 'launchd agent, one user',
  'systemd-service': 'systemd service',
  'systemd-user-service': 'systemd user service',
  'systemd-timer': 'systemd timer',
  'systemd-user-timer': 'systemd user timer',
};

// How many names of a role's jobs and services the overview shows before "and N more".
const OVERVIEW_NAMES = 6;

interface Role {
  name: string;
  hosts: FleetHost[];
  page: string;
}

/**
 * The fleet chapter: an overview of the fleet by role (what the role's hosts run, how many there
 * are), then one page per role with its system options, scheduled jobs, services and packages.
 * Hosts have no other name here: the projection carries no hostname, address, user or key, and
 * the schema refuses one (design §8).
 */
export function renderFleetChapter(fleet: Fleet, stamp: string): DocsPage[] {
  const roles = byRole(fleet.hosts);
  const summary = ['- [Fleet](fleet/index.md)', ...roles.map((r) => `  - [${text(r.name)}](${r.page})`)];
  const mac = fleet.hosts.some((h) => h.os === 'nix-darwin');
  const overview = [
    '# Fleet', '', `> ${stamp}`, '',
    `${count(fleet.hosts.length, 'host')} in ${count(roles.length, 'role')}, as their Nix configurations declare them: packages,`,
    'scheduled jobs, services and the system options worth knowing. Hostnames, addresses, users and keys are not part',
    'of the projection.', '',
    table(['role', 'hosts', 'system', 'platform', 'what they run', 'Nix packages', ...(mac ? ['Homebrew'] : [])], roles.map((r) => [
      `[${text(r.name)}](${r.page.slice('fleet/'.length)})`, String(r.hosts.length),
      unique(r.hosts.map((h) => h.os)).join(', '), unique(r.hosts.map((h) => h.platform)).map(code).join(', '),
      whatTheyRun(r.hosts), String(unique(r.hosts.flatMap((h) => h.packages.nix)).length),
      ...(mac ? [homebrewCell(r.hosts)] : []),
    ])), '',
  ];
  return [
    { path: 'SUMMARY.md', markdown: `${summary.join('\n')}\n` },
    { path: 'fleet/index.md', markdown: overview.join('\n') },
    ...roles.map((r) => ({ path: r.page, markdown: rolePage(r, stamp) })),
  ];
}

/** Hosts grouped by role, in the projection's order of first appearance. */
function byRole(hosts: FleetHost[]): Role[] {
  const counter = new SlugCounter();
  counter.unique('index'); // the chapter's own page
  const roles = new Map<string, Role>();
  for (const host of hosts) {
    const role = roles.get(host.role) ?? { name: host.role, hosts: [], page: `fleet/${counter.unique(slugify(host.role) || 'role')}.md` };
    role.hosts.push(host);
    roles.set(host.role, role);
  }
  return [...roles.values()];
}

function rolePage(role: Role, stamp: string): string {
  const lines = [`# ${text(role.name)}`, '', `> ${stamp}`, ''];
  const [first, ...rest] = role.hosts;
  if (rest.every((h) => isDeepStrictEqual(h, first))) {
    const alike = role.hosts.length > 1 ? `${count(role.hosts.length, 'host')}, configured alike: each is ` : '';
    lines.push(`${alike}${hostSentence(first!, alike === '')}`, ...hostSections(first!, '##'));
  } else {
    lines.push(`${count(role.hosts.length, 'host')} in this role, configured differently; each below by its place in the projection.`);
    role.hosts.forEach((host, i) => lines.push('', `## Host ${i + 1} of ${role.hosts.length}`, '', hostSentence(host, true), ...hostSections(host, '###')));
  }
  return `${lines.join('\n')}\n`;
}

/** `A NixOS host on x86_64-linux: 8 Nix packages; 3 scheduled jobs, 2 services.` */
function hostSentence(host: FleetHost, article: boolean): string {
  const { nix, homebrew } = host.packages;
  const what = host.os === 'nix-darwin' ? 'macOS host managed by nix-darwin' : 'NixOS host';
  const packages = [count(nix.length, 'Nix package')];
  if (host.os === 'nix-darwin') {
    packages.push(count(homebrew.formulae.length, 'Homebrew formula', 'Homebrew formulae'), count(homebrew.casks.length, 'cask'));
    if (homebrew.masApps.length > 0) packages.push(count(homebrew.masApps.length, 'App Store app'));
  }
  const scheduled = host.services.filter((s) => s.schedule).length;
  const jobs = [count(scheduled, 'scheduled job'), count(host.services.length - scheduled, 'service')];
  return `${article ? 'A ' : 'a '}${what} on ${code(host.platform)}: ${packages.join(', ')}; ${jobs.join(', ')}.`;
}

/** The host's sections, each only when it has something to show. */
function hostSections(host: FleetHost, level: string): string[] {
  const lines: string[] = [];
  const options = Object.entries(host.options).sort(([a], [b]) => a.localeCompare(b));
  if (options.length > 0) lines.push('', `${level} System options`, '', table(['option', 'value'], options.map(([k, v]) => [code(k), code(String(v))])));
  const scheduled = host.services.filter((s): s is FleetService & { schedule: Schedule } => s.schedule !== undefined);
  if (scheduled.length > 0) {
    lines.push('', `${level} Scheduled jobs`, '', table(['job', 'kind', 'runs'], scheduled.map((s) => [code(s.label), KIND_TEXT[s.kind], runs(s.schedule)])));
  }
  const resident = host.services.filter((s) => s.schedule === undefined);
  if (resident.length > 0) lines.push('', `${level} Services`, '', table(['service', 'kind'], resident.map((s) => [code(s.label), KIND_TEXT[s.kind]])));
  const { nix, homebrew } = host.packages;
  const lists: [string, string[]][] = [
    ['Nix packages', nix], ['Homebrew taps', homebrew.taps], ['Homebrew formulae', homebrew.formulae],
    ['Homebrew casks', homebrew.casks], ['Mac App Store apps', homebrew.masApps.map((a) => a.name)],
  ];
  const filled = lists.filter(([, names]) => names.length > 0);
  if (filled.length > 0) lines.push('', `${level} Packages`);
  for (const [title, names] of filled) lines.push('', `${level}# ${title} (${names.length})`, '', [...names].sort().map(code).join(', '));
  return lines;
}

/** The role's jobs and services by name (without the unit suffix), the first few. */
function whatTheyRun(hosts: FleetHost[]): string {
  const names = unique(hosts.flatMap((h) => h.services.map((s) => s.label.replace(/\.(service|timer)$/, ''))));
  if (names.length === 0) return '—';
  const more = names.length - OVERVIEW_NAMES;
  return names.slice(0, OVERVIEW_NAMES).map(code).join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/** Homebrew on the role's Macs; NixOS roles have none to show. */
function homebrewCell(hosts: FleetHost[]): string {
  const macs = hosts.filter((h) => h.os === 'nix-darwin');
  if (macs.length === 0) return '—';
  const formulae = unique(macs.flatMap((h) => h.packages.homebrew.formulae)).length;
  const casks = unique(macs.flatMap((h) => h.packages.homebrew.casks)).length;
  return `${count(formulae, 'formula', 'formulae')}, ${count(casks, 'cask')}`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** A systemd calendar expression is code (`*-*-*` would read as emphasis); the rest is prose. */
function runs(schedule: Schedule): string {
  return 'calendar' in schedule ? `on calendar ${code(schedule.calendar)}` : text(describeSchedule(schedule));
}
