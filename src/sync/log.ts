import type { Writable } from 'node:stream';

export type LogLevel = 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, event: string, fields?: Record<string, unknown>) => void;

/** JSON logs, one event per line, so a collector needs no parser of ours. */
export function jsonLog(stream: Writable, clock: () => Date = () => new Date()): Log {
  return (level, event, fields = {}) => {
    stream.write(`${JSON.stringify({ time: clock().toISOString(), level, event, ...fields })}\n`);
  };
}
