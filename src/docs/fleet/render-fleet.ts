import { SlugCounter, slugify } from '../../markdown/slugify.ts';
import { code, table, text } from '../markdown-text.ts';
import type { DocsPage } from '../render-cluster.ts';
import type { Fleet, FleetHost, FleetService, Schedule } from './schema.ts';
import { describeSchedule } from './schedule-text.ts';

/**
 * The fleet chapter: an overview of every host by role, then one page per host with its system
 * options, scheduled jobs, services and packages. Hosts have no other name here: the projection
 * carries no hostname, address, user or key, and the schema refuses one (design §8).
 */
export function renderFleetChapter(fleet: Fleet, stamp: string): DocsPage[] {
  const counter = new SlugCounter();
  counter.unique('index'); // the chapter's own page
  const hosts = fleet.hosts.map((host) => ({ host, page: `fleet/${counter.unique(slugify(host.role) || 'host')}.md` }));
  const summary = ['- [Fleet](fleet/index.md)', ...hosts.map(({ host, page }) => `  - [${text(host.role)}](${page})`)];
  const overview = [
    '# Fleet', '', `> ${stamp}`, '',
    'Each host by its role, as its Nix configuration declares it: packages, scheduled jobs, services and',
    'the system options worth knowing. Hostnames, addresses, users and keys are not part of the projection.', '',
    table(['role', 'system', 'platform', 'Nix packages', 'formulae', 'casks', 'services', 'scheduled jobs'], hosts.map(({ host, page }) => [
      `[${text(host.role)}](${page.slice('fleet/'.length)})`, host.os, code(host.platform),
      String(host.packages.nix.length), String(host.packages.homebrew.formulae.length), String(host.packages.homebrew.casks.length),
      String(host.services.length), String(host.services.filter((s) => s.schedule).length),
    ])), '',
  ];
  return [
    { path: 'SUMMARY.md', markdown: `${summary.join('\n')}\n` },
    { path: 'fleet/index.md', markdown: overview.join('\n') },
    ...hosts.map(({ host, page }) => ({ path: page, markdown: hostPage(host, stamp) })),
  ];
}

function hostPage(host: FleetHost, stamp: string): string {
  const { nix, homebrew } = host.packages;
  const lines = [
    `# ${text(host.role)}`, '', `> ${stamp}`, '',
    `A ${host.os === 'nix-darwin' ? 'macOS host managed by nix-darwin' : 'NixOS host'} on ${code(host.platform)}: ` +
      `${nix.length} Nix packages, ${homebrew.formulae.length} Homebrew formulae, ${homebrew.casks.length} casks, ${host.services.length} services.`,
  ];
  const options = Object.entries(host.options).sort(([a], [b]) => a.localeCompare(b));
  if (options.length > 0) lines.push('', '## System options', '', table(['option', 'value'], options.map(([k, v]) => [code(k), code(String(v))])));
  const scheduled = host.services.filter((s): s is FleetService & { schedule: Schedule } => s.schedule !== undefined);
  if (scheduled.length > 0) {
    lines.push('', '## Scheduled jobs', '', table(['job', 'kind', 'runs'], scheduled.map((s) => [code(s.label), s.kind, runs(s.schedule)])));
  }
  const resident = host.services.filter((s) => s.schedule === undefined);
  if (resident.length > 0) lines.push('', '## Services', '', table(['service', 'kind'], resident.map((s) => [code(s.label), s.kind])));
  lines.push('', '## Packages');
  const list = (title: string, names: string[]): void => {
    if (names.length > 0) lines.push('', `### ${title} (${names.length})`, '', [...names].sort().map(code).join(', '));
  };
  list('Nix packages', nix);
  list('Homebrew taps', homebrew.taps);
  list('Homebrew formulae', homebrew.formulae);
  list('Homebrew casks', homebrew.casks);
  list('Mac App Store apps', homebrew.masApps.map((a) => a.name));
  return `${lines.join('\n')}\n`;
}

/** A systemd calendar expression is code (`*-*-*` would read as emphasis); the rest is prose. */
function runs(schedule: Schedule): string {
  return 'calendar' in schedule ? `on calendar ${code(schedule.calendar)}` : text(describeSchedule(schedule));
}
