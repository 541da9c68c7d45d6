// Container logs for GET .../pods/{name}/log, filtered like the kubelet does, with its errors for pods that have none.
import type { LogEntry, LogSource } from './fixtures/types.js';
import { badRequest, type Status } from './status.js';
import type { ContainerStatus, Pod } from './types.js';

export interface LogQuery {
  container?: string;
  previous: boolean;
  tailLines?: number;
  limitBytes?: number;
  sinceSeconds?: number;
  /** sinceTime as milliseconds since the epoch. */
  sinceTime?: number;
  timestamps: boolean;
}

export function parseLogQuery(query: URLSearchParams): LogQuery | Status {
  const integer = (key: string, min: number): number | undefined | Status => {
    const raw = query.get(key);
    if (raw === null || raw === '') return undefined;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value))
      return badRequest(`${key}: Invalid value: "${raw}": must be an integer`);
    if (value < min) {
      const rule = min === 0 ? 'must be greater than or equal to 0' : 'must be greater than 0';
      return badRequest(`${key}: Invalid value: ${value}: ${rule}`);
    }
    return value;
  };
  const tailLines = integer('tailLines', 0);
  if (typeof tailLines === 'object') return tailLines;
  const limitBytes = integer('limitBytes', 1);
  if (typeof limitBytes === 'object') return limitBytes;
  const sinceSeconds = integer('sinceSeconds', 1);
  if (typeof sinceSeconds === 'object') return sinceSeconds;
  let sinceTime: number | undefined;
  const rawSince = query.get('sinceTime');
  if (rawSince) {
    sinceTime = Date.parse(rawSince);
    if (!/^\d{4}-\d\d-\d\dT/.test(rawSince) || Number.isNaN(sinceTime))
      return badRequest(`sinceTime: Invalid value: "${rawSince}": must be an RFC 3339 time`);
  }
  if (sinceTime !== undefined && sinceSeconds !== undefined)
    return badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
  const flag = (key: string) => query.get(key) === 'true' || query.get(key) === '1';
  return {
    ...(query.get('container') ? { container: query.get('container') ?? '' } : {}),
    previous: flag('previous'),
    timestamps: flag('timestamps'),
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
    ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
    ...(sinceTime !== undefined ? { sinceTime } : {}),
  };
}

interface Line {
  /** RFC 3339 with nine fractional digits, as the kubelet prints with timestamps=true. */
  stamp: string;
  /** For --since filtering. */
  at: number;
  text: string;
}

/** RFC3339NanoFixed: nine fractional digits always, in UTC. */
export function nanoStamp(time: string): string {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(time);
  if (match) return `${match[1] ?? ''}.${(match[2] ?? '').padEnd(9, '0')}Z`;
  const at = Date.parse(time);
  if (Number.isNaN(at)) return '';
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z`;
}

function linesOf(source: LogSource | undefined, startedAt: string): Line[] {
  if (source === undefined) return [];
  if (typeof source === 'string') {
    // Plain text has no per-line times: each line reads as written when the container started.
    const lines = source.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const stamp = startedAt ? nanoStamp(startedAt) : '';
    const at = startedAt ? Date.parse(startedAt) : NaN;
    return lines.map((text) => ({ stamp, at, text }));
  }
  return source.map((entry: LogEntry) => ({
    stamp: nanoStamp(entry.time),
    at: Date.parse(entry.time),
    text: entry.line,
  }));
}

type LogTarget = { previous: boolean } | Status;

/** The kubelet's validateContainerLogStatus: which run of the container to read, or why none. */
function target(
  status: ContainerStatus | undefined,
  container: string,
  pod: string,
  previous: boolean,
): LogTarget {
  const waitingToStart = (why: string) =>
    badRequest(`container "${container}" in pod "${pod}" is waiting to start: ${why}`);
  if (!status) return waitingToStart('ContainerCreating');
  const state = status.state ?? {};
  const last = status.lastState?.terminated;
  if (previous) {
    return last
      ? { previous: true }
      : badRequest(`previous terminated container "${container}" in pod "${pod}" not found`);
  }
  if (state.running || state.terminated) return { previous: false };
  // A container waiting to restart shows the logs of its last run.
  if (last) return { previous: true };
  if (state.waiting) {
    const reason = state.waiting.reason ?? '';
    if (reason === 'ErrImagePull') return waitingToStart("image can't be pulled");
    if (reason === 'ImagePullBackOff') return waitingToStart('trying and failing to pull image');
    return waitingToStart(reason);
  }
  return badRequest(`container "${container}" in pod "${pod}" is waiting to start - no logs yet`);
}

/** The log bytes, or a 400 Status worded like the apiserver's and the kubelet's. */
export function podLogs(
  pod: Pod,
  logs: Readonly<Record<string, LogSource>>,
  query: LogQuery,
  now: Date,
): Buffer | Status {
  const podName = pod.metadata.name;
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  const initNames = (pod.spec?.initContainers ?? []).map((c) => c.name);
  let container = query.container;
  if (container === undefined) {
    if (names.length !== 1) {
      let message = `a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]`;
      if (initNames.length > 0)
        message += ` or one of the init containers: [${initNames.join(' ')}]`;
      return badRequest(message);
    }
    container = names[0] ?? '';
  }
  if (!names.includes(container) && !initNames.includes(container)) {
    return badRequest(`container ${container} is not valid for pod ${podName}`);
  }
  // An unscheduled pod has no kubelet to ask: the apiserver answers with an empty log.
  if (!pod.spec?.nodeName) return Buffer.alloc(0);
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ];
  const status = statuses.find((s) => s.name === container);
  const run = target(status, container, podName, query.previous);
  if ('code' in run) return run;

  const key = `${pod.metadata.namespace ?? ''}/${podName}/${container}`;
  const current = logs[key];
  const last = logs[`${key}#previous`];
  // A container waiting to restart has no current run: both keys describe its last run, so
  // fixtures may keep that log under either one. A running container's previous run is #previous.
  const waiting = Boolean(status?.state?.waiting);
  const source = !run.previous
    ? current
    : waiting
      ? query.previous
        ? (last ?? current)
        : (current ?? last)
      : last;
  const startedAt = run.previous
    ? (status?.lastState?.terminated?.startedAt ?? '')
    : (status?.state?.running?.startedAt ?? status?.state?.terminated?.startedAt ?? '');
  let lines = linesOf(source, startedAt);
  if (query.tailLines !== undefined)
    lines = query.tailLines === 0 ? [] : lines.slice(-query.tailLines);
  const since =
    query.sinceTime ??
    (query.sinceSeconds !== undefined ? now.getTime() - query.sinceSeconds * 1000 : undefined);
  if (since !== undefined) lines = lines.filter((l) => !(l.at < since));
  const text = lines
    .map((l) => (query.timestamps ? `${l.stamp} ${l.text}\n` : `${l.text}\n`))
    .join('');
  const bytes = Buffer.from(text);
  // limitBytes cuts at a byte count, even inside a line or a UTF-8 character, as the kubelet does.
  return query.limitBytes !== undefined ? bytes.subarray(0, query.limitBytes) : bytes;
}
