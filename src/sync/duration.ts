import { z } from 'zod';

/** Seconds per unit of Go's time.ParseDuration (both spellings of the micro sign, as Go takes). */
const unitSeconds: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

// Go's grammar, `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, with at least one digit per term. The libraries of
// the field (ms, parse-duration) take words and spaces (`1 hour`) and Go does not: a ConfigMap value
// that git-sync or Flux would refuse should be refused here too.
const term = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * Seconds in a Go-style duration (`30s`, `1m30s`, `500ms`, `1h2m3.5s`) or a plain number of seconds
 * (`30`, `0.5`: the unit every option had before durations); undefined when it is neither.
 */
export function parseDuration(text: string): number | undefined {
  if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) return Number(text);
  const sign = text.startsWith('-') ? -1 : 1;
  let at = /^[-+]/.test(text) ? 1 : 0;
  if (at === text.length) return undefined;
  let seconds = 0;
  while (at < text.length) {
    term.lastIndex = at;
    const match = term.exec(text);
    if (!match) return undefined;
    seconds += Number(match[1]) * unitSeconds[match[2]!]!;
    at = term.lastIndex;
  }
  return sign * seconds;
}

/** setTimeout fires at once past 2^31-1 ms (Node clamps it to 1 ms): a longer wait would spin. */
const maxSeconds = (2 ** 31 - 1) / 1000;

/**
 * A duration option in seconds, from a number or a string of {@link parseDuration}; `min` says whether
 * zero is allowed. The issue's message completes `Unexpected --flag value \`x\`, …`.
 */
export function durationSchema(min: 'positive' | 'nonnegative') {
  return z.union([z.number(), z.string()]).transform((value, ctx) => {
    const seconds = typeof value === 'number' ? value : parseDuration(value);
    const inRange = seconds !== undefined && (min === 'positive' ? seconds > 0 : seconds >= 0) && seconds <= maxSeconds;
    if (inRange) return seconds;
    const expected = seconds === undefined ? 'a duration such as 30s' : `a ${min === 'positive' ? 'positive ' : ''}duration up to 596h`;
    ctx.addIssue({ code: 'custom', message: `expected ${expected}`, input: value });
    return z.NEVER;
  });
}
