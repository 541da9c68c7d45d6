// runLogs: kubectl logs — pick the pod(s) and container(s) as kubectl does, then read each log once (never follow).
//
// kubectl reads several logs (--all-containers, -l over several pods) by iterating a Go map, so
// their order changes from run to run; the agent prints them in a fixed order: pods as listed,
// then init containers, containers and ephemeral containers in spec order.
import type { LogsRequest } from '@porthole/policy';
import {
  CORE,
  RequestFailed,
  encodeQuery,
  fetchText,
  getObject,
  listItems,
  objectPath,
} from '../resource/rest.js';
import { Discovery, DiscoveryError } from '../resource/discovery.js';
import type { KubeError } from '../resource/errors.js';
import { checkErrText, plainError } from '../resource/errors.js';
import { goSort } from '../go/sort.js';
import type { LogCut } from './log-window.js';
import { applyCut, countLines, sinceCountParams, windowParams } from './log-window.js';
import { parseTime } from '../go/time.js';
import { at, int, maps, str, stringMap } from '../go/obj.js';
import { formatLabelMap, selectorString } from '../describe/common.js';
import type { GoMap } from '../go/value.js';
import type { CommandOutput, RunOptions } from '../types.js';
import type { KubeGet } from '../resource/client.js';

const USAGE =
  "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

const usageError = (msg: string): CommandOutput => ({
  stdout: '',
  stderr: `error: ${msg}\nSee 'kubectl logs -h' for help and examples\n`,
  exitCode: 1,
});

class LogsError extends Error {
  constructor(readonly error: KubeError) {
    super('logs failed');
    this.name = 'LogsError';
  }
}

interface LogOptions extends LogCut {
  container: string;
  previous: boolean;
}

interface LogRequest {
  pod: GoMap;
  container: string;
  fieldPath: string;
}

/** podutils.ByLogging: the pod kubectl reads first when a controller has several. */
function byLogging(a: GoMap, b: GoMap): boolean {
  const na = str(a, 'spec', 'nodeName');
  const nb = str(b, 'spec', 'nodeName');
  if (na !== nb && (na === '' || nb === '')) return na !== '';
  const rank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  const pa = rank[str(a, 'status', 'phase')] ?? 0;
  const pb = rank[str(b, 'status', 'phase')] ?? 0;
  if (pa !== pb) return pa < pb;
  const ready = (p: GoMap): boolean =>
    maps(p, 'status', 'conditions').some(
      (c) => str(c, 'type') === 'Ready' && str(c, 'status') === 'True',
    );
  if (ready(a) !== ready(b)) return ready(a);
  const readyTime = (p: GoMap): number | null => {
    const c = maps(p, 'status', 'conditions').find(
      (x) => str(x, 'type') === 'Ready' && str(x, 'status') === 'True',
    );
    return c ? parseTime(at(c, 'lastTransitionTime')) : null;
  };
  const afterOrZero = (t1: number | null, t2: number | null): boolean => {
    if (t1 === null || t2 === null) return t1 === null;
    return t1 > t2;
  };
  if (ready(a) && ready(b) && readyTime(a) !== readyTime(b))
    return afterOrZero(readyTime(b), readyTime(a));
  const maxRestarts = (p: GoMap): number =>
    Math.max(0, ...maps(p, 'status', 'containerStatuses').map((s) => int(s, 'restartCount')));
  const ra = maxRestarts(a);
  const rb = maxRestarts(b);
  if (ra !== rb) return ra > rb;
  const ca = parseTime(at(a, 'metadata', 'creationTimestamp'));
  const cb = parseTime(at(b, 'metadata', 'creationTimestamp'));
  if (ca !== cb) return afterOrZero(cb, ca);
  return false;
}

/** Which containers of `pod` to read, with kubectl's defaulting notices on stderr. */
function requestsForPod(
  pod: GoMap,
  opts: LogOptions,
  allContainers: boolean,
  allPods: boolean,
  notices: string[],
): LogRequest[] {
  const containers = maps(pod, 'spec', 'containers');
  const inits = maps(pod, 'spec', 'initContainers');
  const ephemeral = maps(pod, 'spec', 'ephemeralContainers');
  const find = (name: string): string | null => {
    if (containers.some((c) => str(c, 'name') === name)) return `spec.containers{${name}}`;
    if (inits.some((c) => str(c, 'name') === name)) return `spec.initContainers{${name}}`;
    if (ephemeral.some((c) => str(c, 'name') === name)) return `spec.ephemeralContainers{${name}}`;
    return null;
  };
  if (allContainers) {
    return [...inits, ...containers, ...ephemeral].map((c) => {
      const name = str(c, 'name');
      return { pod, container: name, fieldPath: find(name) as string };
    });
  }
  let container = opts.container;
  const defaultName =
    stringMap(pod, 'metadata', 'annotations').find(
      ([k]) => k === 'kubectl.kubernetes.io/default-container',
    )?.[1] ?? '';
  if (container === '' && defaultName !== '') {
    if (find(defaultName) === null)
      notices.push(
        `Default container name "${defaultName}" not found in pod ${str(pod, 'metadata', 'name')}\n`,
      );
    else container = defaultName;
  }
  if (container === '') {
    container = str(containers[0], 'name');
    if (containers.length > 1 || inits.length > 0 || ephemeral.length > 0) {
      if (!allPods) {
        const names = [
          ...containers.map((c) => str(c, 'name')),
          ...ephemeral.map((c) => `${str(c, 'name')} (ephem)`),
          ...inits.map((c) => `${str(c, 'name')} (init)`),
        ];
        notices.push(`Defaulted container "${container}" out of: ${names.join(', ')}\n`);
      }
    }
  }
  const fieldPath = find(container);
  if (fieldPath === null)
    throw new LogsError(
      plainError(`container ${container} is not valid for pod ${str(pod, 'metadata', 'name')}`),
    );
  return [{ pod, container, fieldPath }];
}

/** SelectorsForObject: the pod selector of a workload, or kubectl's error for other kinds. */
function selectorFor(kind: string, obj: GoMap): string {
  switch (kind) {
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Deployment':
    case 'Job': {
      const s = selectorString(at(obj, 'spec', 'selector'));
      if (s === null)
        throw new LogsError(
          plainError(`cannot get the logs from *v1.${kind}: invalid label selector`),
        );
      return s;
    }
    case 'ReplicationController':
      return stringMap(obj, 'spec', 'selector')
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
    case 'Service': {
      const sel = stringMap(obj, 'spec', 'selector');
      if (sel.length === 0)
        throw new LogsError(
          plainError(
            `cannot get the logs from *v1.Service: invalid service '${str(obj, 'metadata', 'name')}': Service is defined without a selector`,
          ),
        );
      return formatLabelMap(sel);
    }
    default:
      throw new LogsError(
        plainError(
          `cannot get the logs from *v1.${kind}: selector for *v1.${kind} not implemented`,
        ),
      );
  }
}

function logQuery(r: LogRequest, opts: LogOptions, window: Array<[string, string]>): string {
  const params: Array<[string, string]> = [['container', r.container]];
  if (opts.previous) params.push(['previous', 'true']);
  return encodeQuery([...params, ...window]);
}

/** kubectl sends --since-time as a metav1.Time: UTC, whole seconds. */
function utcSeconds(rfc3339: string): string {
  const ms = Math.floor(Date.parse(rfc3339) / 1000) * 1000;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Runs `kubectl logs` once, without following. */
export async function runLogs(
  req: LogsRequest,
  kube: KubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  const selector = req.labelSelector ?? '';
  const namespace = req.namespace ?? opts.defaultNamespace;
  const prefix = req.prefix || req.allPods;
  if (req.resource === null && selector === '') return usageError(USAGE);
  if (req.resource !== null && selector !== '')
    return usageError('only a selector (-l) or a POD name is allowed');
  const logOpts: LogOptions = {
    container: req.container ?? '',
    previous: req.previous,
    timestamps: req.timestamps,
    tailLines: req.tailLines,
    limitBytes: req.limitBytes,
    sinceSeconds: req.sinceSeconds,
    sinceTime: req.sinceTime === null ? null : utcSeconds(req.sinceTime),
  };
  if (logOpts.sinceTime !== null && logOpts.sinceSeconds !== null)
    return {
      stdout: '',
      stderr: 'error: at most one of `sinceTime` or `sinceSeconds` may be specified\n',
      exitCode: 1,
    };
  if (req.allContainers && logOpts.container !== '')
    return {
      stdout: '',
      stderr: `error: --all-containers=true should not be specified with container name ${logOpts.container}\n`,
      exitCode: 1,
    };

  const notices: string[] = [];
  let stdout = '';
  try {
    const requests = await resolveRequests(
      kube,
      opts,
      req.resource,
      selector,
      namespace,
      logOpts,
      req.allContainers,
      req.allPods,
      notices,
    );
    for (const r of requests) {
      const base = `${objectPath(CORE.pods, str(r.pod, 'metadata', 'namespace'), str(r.pod, 'metadata', 'name'))}/log?`;
      const target = { m: CORE.pods, name: str(r.pod, 'metadata', 'name') };
      const sinceQuery = sinceCountParams(logOpts);
      let text: string;
      let recent: number | null = null;
      try {
        if (sinceQuery !== null)
          recent = countLines(
            await fetchText(kube, base + logQuery(r, logOpts, sinceQuery), target),
          );
        text = await fetchText(kube, base + logQuery(r, logOpts, windowParams(logOpts)), target);
      } catch (err) {
        throw err instanceof RequestFailed ? new LogsError(err.error) : err;
      }
      // The window came back redacted; only now is it cut where the client asked.
      const cut = applyCut(text, logOpts, recent);
      stdout += prefix
        ? prefixLines(cut, `[pod/${str(r.pod, 'metadata', 'name')}/${r.container}] `)
        : cut;
    }
  } catch (err) {
    if (err instanceof LogsError)
      return { stdout, stderr: notices.join('') + checkErrText(err.error), exitCode: 1 };
    throw err;
  }
  return { stdout, stderr: notices.join(''), exitCode: 0 };
}

/** kubectl's prefixingWriter: every line (as read, newline included) gets the source. */
function prefixLines(text: string, prefix: string): string {
  if (text === '') return '';
  const lines = text.split(/(?<=\n)/);
  return lines.map((l) => prefix + l).join('');
}

async function resolveRequests(
  kube: KubeGet,
  opts: RunOptions,
  resource: LogsRequest['resource'],
  selector: string,
  namespace: string,
  logOpts: LogOptions,
  allContainers: boolean,
  allPods: boolean,
  notices: string[],
): Promise<LogRequest[]> {
  if (selector !== '') {
    let pods: GoMap[];
    try {
      pods = await listItems(kube, CORE.pods, namespace, { labelSelector: selector, limit: 0 });
    } catch (err) {
      if (err instanceof RequestFailed) throw new LogsError(err.error);
      throw err;
    }
    if (pods.length === 0) notices.push(`No resources found in ${namespace} namespace.\n`);
    return pods.flatMap((p) => requestsForPod(p, logOpts, allContainers, allPods, notices));
  }
  const discovery = new Discovery(kube, opts.discoveryCache);
  let kind = 'Pod';
  let m = CORE.pods as typeof CORE.pods | Awaited<ReturnType<Discovery['resolve']>>;
  const name = resource?.name ?? '';
  if (resource !== null && resource.type !== null) {
    try {
      await discovery.load();
      const mapping = await discovery.resolve(resource.type);
      m = mapping;
      kind = mapping.kind;
    } catch (err) {
      if (err instanceof DiscoveryError) throw new LogsError(err.error);
      throw err;
    }
  }
  let obj: GoMap;
  try {
    obj = await getObject(kube, m, namespace, name);
  } catch (err) {
    if (!(err instanceof RequestFailed)) throw err;
    const e = err.error;
    if (e.type === 'status' && (e.reason === 'NotFound' || e.code === 404))
      throw new LogsError(
        plainError(`error from server (NotFound): ${e.message} in namespace "${namespace}"`),
      );
    throw new LogsError(e);
  }
  if (kind === 'Pod') return requestsForPod(obj, logOpts, allContainers, allPods, notices);
  const podSelector = selectorFor(kind, obj);
  let pods: GoMap[];
  try {
    pods = await listItems(kube, CORE.pods, str(obj, 'metadata', 'namespace'), {
      labelSelector: podSelector,
      limit: 0,
    });
  } catch (err) {
    if (err instanceof RequestFailed) throw new LogsError(err.error);
    throw err;
  }
  // kubectl would watch for a pod to appear; the agent answers at once with kubectl's timeout error.
  if (pods.length === 0) throw new LogsError(plainError('timed out waiting for the condition'));
  goSort(pods, byLogging);
  if (pods.length > 1) {
    if (allPods)
      return pods.flatMap((p) => requestsForPod(p, logOpts, allContainers, true, notices));
    notices.push(`Found ${pods.length} pods, using pod/${str(pods[0], 'metadata', 'name')}\n`);
  }
  return requestsForPod(pods[0] as GoMap, logOpts, allContainers, allPods, notices);
}
