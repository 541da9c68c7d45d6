// The agent, not the client, decides where a log is cut.
//
// kubectl passes --tail, --since, --since-time and --limit-bytes to the kubelet, so whoever
// writes the command chooses where a PEM block or a URL is split, and a fragment of a credential
// no rule can recognise would come back. The agent reads a wider window than asked (more lines,
// an earlier start, no byte limit, always with timestamps), the redacting transport scrubs it
// whole, and only then is the client's cut applied here, as the kubelet would have applied it.
//
// --since is measured by the kubelet's clock, not the agent's: a second read with the client's
// since (and the same widened tail) says how many lines the kubelet counts as recent, and that
// many are kept from the end of the redacted window. Only the count of that read is used.

/** Lines read before the client's tail: more than the longest private-key block. */
export const MARGIN_LINES = 200;
/** Seconds read before the client's --since: a block logged at once shares its instant. */
export const MARGIN_SECONDS = 60;

export interface LogCut {
  tailLines: number | null;
  limitBytes: number | null;
  sinceSeconds: number | null;
  /** RFC 3339, as kubectl sends it. */
  sinceTime: string | null;
  timestamps: boolean;
}

/** The kubelet query for the wider window (container and previous are added by the caller). */
export function windowParams(cut: LogCut): Array<[string, string]> {
  const params: Array<[string, string]> = [['timestamps', 'true']];
  if (cut.tailLines !== null) params.push(['tailLines', String(cut.tailLines + MARGIN_LINES)]);
  if (cut.sinceSeconds !== null)
    params.push(['sinceSeconds', String(cut.sinceSeconds + MARGIN_SECONDS)]);
  if (cut.sinceTime !== null) {
    const at = Date.parse(cut.sinceTime) - MARGIN_SECONDS * 1000;
    params.push(['sinceTime', new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z')]);
  }
  return params;
}

/** The query whose line count is the kubelet's --since cut of the same widened tail; null without --since. */
export function sinceCountParams(cut: LogCut): Array<[string, string]> | null {
  if (cut.sinceSeconds === null && cut.sinceTime === null) return null;
  const params: Array<[string, string]> = [];
  if (cut.tailLines !== null) params.push(['tailLines', String(cut.tailLines + MARGIN_LINES)]);
  if (cut.sinceSeconds !== null) params.push(['sinceSeconds', String(cut.sinceSeconds)]);
  if (cut.sinceTime !== null) params.push(['sinceTime', cut.sinceTime]);
  return params;
}

/** Lines in a log body as the kubelet counts them (a last line without newline counts too). */
export function countLines(body: string): number {
  if (body === '') return 0;
  return body.split('\n').length - (body.endsWith('\n') ? 1 : 0);
}

/** The stamp timestamps=true puts before each line. */
const STAMPED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) /;

/**
 * The client's cut of a redacted window, in the kubelet's order: the last `tail` lines, of those
 * the `recent` ones (--since, as counted by the kubelet), with or without their timestamps, then
 * the first `limitBytes` bytes.
 */
export function applyCut(window: string, cut: LogCut, recent: number | null): string {
  if (window === '') return '';
  let lines = window.split(/(?<=\n)/);
  let keep = cut.tailLines;
  if (recent !== null) keep = keep === null ? recent : Math.min(keep, recent);
  if (keep !== null) lines = keep === 0 ? [] : lines.slice(-keep);
  const text = cut.timestamps
    ? lines.join('')
    : lines.map((line) => line.replace(STAMPED, '')).join('');
  if (cut.limitBytes === null) return text;
  const bytes = Buffer.from(text, 'utf8');
  // Like the kubelet, a byte limit may end inside a line or a UTF-8 character.
  return bytes.length <= cut.limitBytes ? text : bytes.subarray(0, cut.limitBytes).toString('utf8');
}
