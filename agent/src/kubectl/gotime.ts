// Go's time formatting as kubectl uses it: RFC1123Z dates in describe, Time.String(), ages since a timestamp.
//
// kubectl formats in the local time zone of the machine it runs on; the agent formats in UTC
// (its container's zone), so parity tests run kubectl with TZ=UTC.
import { humanDuration } from './render/table.js';

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
