// Container logs for GET .../pods/{name}/log, with the kubelet's errors for pods that have none.
import { badRequest, type Status } from './status.js';
import type { Pod } from './types.js';

export interface LogQuery {
  container?: string;
  previous: boolean;
  tailLines?: number;
  limitBytes?: number;
  timestamps: boolean;
}

export function parseLogQuery(query: URLSearchParams): LogQuery | Status {
  const number = (key: string): number | undefined | Status => {
    const raw = query.get(key);
    if (raw === null || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0)
      return badRequest(`${key}: Invalid value: "${raw}": must be greater than or equal to 0`);
    return value;
  };
  const tailLines = number('tailLines');
  if (typeof tailLines === 'object') return tailLines;
  const limitBytes = number('limitBytes');
  if (typeof limitBytes === 'object') return limitBytes;
  const flag = (key: string) => query.get(key) === 'true' || query.get(key) === '1';
  return {
    ...(query.get('container') ? { container: query.get('container') ?? '' } : {}),
    previous: flag('previous'),
    timestamps: flag('timestamps'),
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
  };
}

/** The log text, or a 400 Status worded like the kubelet's when there is nothing to read. */
export function podLogs(
  pod: Pod,
  logs: Readonly<Record<string, string>>,
  query: LogQuery,
): string | Status {
  const podName = pod.metadata.name;
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  const initNames = (pod.spec?.initContainers ?? []).map((c) => c.name);
  let container = query.container;
  if (container === undefined) {
    if (names.length !== 1) {
      return badRequest(
        `a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]`,
      );
    }
    container = names[0] ?? '';
  }
  if (!names.includes(container) && !initNames.includes(container)) {
    return badRequest(`container ${container} is not valid for pod ${podName}`);
  }
  // An unscheduled pod has no kubelet to ask: the apiserver answers with an empty log.
  if (!pod.spec?.nodeName) return '';
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ];
  const status = statuses.find((s) => s.name === container);
  if (query.previous) {
    if (!status?.lastState?.terminated) {
      return badRequest(
        `previous terminated container "${container}" in pod "${podName}" not found`,
      );
    }
  } else if (!status || (status.state?.waiting && !status.lastState?.terminated)) {
    const reason = status?.state?.waiting?.reason ?? 'ContainerCreating';
    return badRequest(
      `container "${container}" in pod "${podName}" is waiting to start: ${reason}`,
    );
  }
  const key = `${pod.metadata.namespace ?? ''}/${podName}/${container}${query.previous ? '#previous' : ''}`;
  let lines = (logs[key] ?? '').split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (query.tailLines !== undefined)
    lines = query.tailLines === 0 ? [] : lines.slice(-query.tailLines);
  if (query.timestamps) {
    const at = status?.state?.running?.startedAt ?? status?.lastState?.terminated?.startedAt ?? '';
    const stamp = at ? `${at.slice(0, 19)}.000000000Z` : '';
    lines = lines.map((line) => `${stamp} ${line}`);
  }
  let text = lines.length > 0 ? `${lines.join('\n')}\n` : '';
  if (query.limitBytes !== undefined)
    text = Buffer.from(text).subarray(0, query.limitBytes).toString();
  return text;
}
