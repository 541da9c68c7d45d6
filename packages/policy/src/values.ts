// Strict readers for flag values: bounded decimal integers, Go durations and RFC 3339 times.

/**
 * A decimal integer in [min, max], or null. pflag parses integers with base prefixes (`0x10`,
 * `010` is octal 8, `1_000`); only plain decimal is accepted here so a value never means
 * something different to kubectl than to whoever reads the canonical argv.
 */
export function parseBoundedInt(s: string, min: number, max: number): number | null {
  if (!/^-?(0|[1-9][0-9]{0,15})$/.test(s)) return null;
  const n = Number(s) || 0; // `-0` is 0
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};
const DURATION = /^(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|ms|s|m|h))+$/;
const COMPONENT = /([0-9]*(?:\.[0-9]*)?)(ns|us|ms|s|m|h)/g;

/**
 * A Go `time.ParseDuration` value (`5m`, `1h30m`, `1.5h`, `90s`) without a sign, as whole
 * seconds rounded the way kubectl rounds `--since` (half away from zero), or null. `µs` is not
 * ASCII, so it never reaches here.
 */
export function parseDurationSeconds(s: string): number | null {
  if (s === '0') return 0;
  if (s.length > 64 || !DURATION.test(s)) return null;
  let ns = 0;
  for (const m of s.matchAll(COMPONENT)) {
    const [, num = '', unit = ''] = m;
    ns += Number(num) * (UNIT_NS[unit] ?? Number.NaN);
  }
  if (!Number.isFinite(ns)) return null;
  return Math.round(ns / 1e9);
}

/** Whole seconds in the compact form Go also parses: `1h30m`, `45s`, `2h5s`. */
export function formatSeconds(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || total === 0 ? `${s}s` : ''}`;
}

const RFC3339 =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?(Z|[+-]([0-9]{2}):([0-9]{2}))$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * An RFC 3339 timestamp as Go's `time.RFC3339` layout accepts it: upper-case `T` and `Z`,
 * optional fraction, a real calendar date. No clock is read: any valid time is accepted.
 */
export function isRfc3339(s: string): boolean {
  const m = RFC3339.exec(s);
  if (!m) return false;
  const [, y, mo, d, h, mi, se, , , oh, om] = m.map((x) => (x === undefined ? 0 : Number(x)));
  const year = y ?? 0;
  const month = mo ?? 0;
  const day = d ?? 0;
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    (h ?? 0) < 24 &&
    (mi ?? 0) < 60 &&
    (se ?? 0) < 60 &&
    (oh ?? 0) < 24 &&
    (om ?? 0) < 60
  );
}
