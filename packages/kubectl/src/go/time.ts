// Go's time formatting as kubectl uses it: RFC1123Z dates in describe, Time.String(), ages since a timestamp, durations.
//
// kubectl formats in the local time zone of the machine it runs on; the agent formats in UTC
// (its container's zone), so parity tests run kubectl with TZ=UTC.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch for an RFC 3339 timestamp (metav1.Time/MicroTime JSON); null when absent or malformed. */
export function parseTime(v: unknown): number | null {
  if (typeof v !== 'string' || !RFC3339.test(v)) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** time.RFC1123Z in UTC; Go's zero time when `ms` is null (an unset metav1.Time). */
export function rfc1123z(ms: number | null): string {
  if (ms === null) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** time.Time.String() in UTC: `2006-01-02 15:04:05.999999999 +0000 UTC`. */
export function goTimeString(ms: number | null): string {
  if (ms === null) return '0001-01-01 00:00:00 +0000 UTC';
  const d = new Date(ms);
  const frac =
    d.getUTCMilliseconds() === 0 ? '' : `.${pad(d.getUTCMilliseconds(), 3)}`.replace(/0+$/, '');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${frac} +0000 UTC`;
}

/** describe's translateTimestampSince: `<unknown>` for an unset time, else duration.HumanDuration. */
export function since(v: unknown, now: number): string {
  const t = parseTime(v);
  return t === null ? '<unknown>' : humanDuration(now - t);
}

/** duration.HumanDuration, for the client-side AGE column. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(seconds / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Go's time.Duration.String() for a duration in milliseconds. */
export function goDurationString(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  let out = '';
  if (rest < 1000) out = `${rest}ms`;
  else {
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const s = (rest / 1000).toFixed(3).replace(/\.?0+$/, '');
    if (h > 0) out = `${h}h${m}m${s}s`;
    else if (m > 0) out = `${m}m${s}s`;
    else out = `${s}s`;
  }
  return neg ? `-${out}` : out;
}
