import type { Schedule } from './schema.ts';

// launchd counts weekdays from Sunday = 0 (7 is Sunday again), see launchd.plist(5).
const WEEKDAYS = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];

/**
 * A launchd schedule or a systemd timer's relative one as a person reads it: `daily at 03:15`,
 * `Sundays at 03:15`, `every 6 h`, `every 1 d, first 15 min after boot`, `once, 5 min after boot`.
 */
export function describeSchedule(schedule: Exclude<Schedule, { calendar: string }>): string {
  if ('intervalSeconds' in schedule) {
    const boot = schedule.afterBootSeconds === undefined ? '' : `, first ${duration(schedule.afterBootSeconds)} after boot`;
    return `every ${duration(schedule.intervalSeconds)}${boot}`;
  }
  if ('afterBootSeconds' in schedule) return `once, ${duration(schedule.afterBootSeconds)} after boot`;
  return schedule.calendarInterval.map((c) => {
    const time = c.Hour === undefined ? (c.Minute === undefined ? 'every minute' : `at minute ${c.Minute} of every hour`) : `at ${pad(c.Hour)}:${pad(c.Minute ?? 0)}`;
    const day = c.Weekday !== undefined ? WEEKDAYS[c.Weekday] : c.Day !== undefined ? `on day ${c.Day}` : 'daily';
    const month = c.Month !== undefined ? ` of month ${c.Month}` : c.Day !== undefined ? ' of each month' : '';
    return `${day}${month} ${time}`;
  }).join('; ');
}

function duration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
