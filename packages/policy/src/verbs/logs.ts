// `logs`: one pod (or a controller's pod) or a label selector, bounded: never follow, default --tail=500.
import type { Context } from '../context.js';
import { checkMatch, resolveType } from '../context.js';
import { denied, invalid, show } from '../decision.js';
import type { Denial, Target } from '../decision.js';
import { isDns1123Label } from '../dns.js';
import { FOLLOW, flagSet, isDenial, parseFlags, showValue } from '../flags.js';
import type { LogsRequest } from '../request.js';
import { checkName, parseSlashTarget } from '../resources/args.js';
import { formatSeconds, isRfc3339, parseDurationSeconds } from '../values.js';
import type { VerbResult } from './common.js';
import { readBool, readInt, readNamespace, readSelector } from './common.js';

export const FLAGS = flagSet(
  'logs',
  [
    { long: 'namespace', short: 'n', kind: 'string' },
    { long: 'container', short: 'c', kind: 'string' },
    { long: 'all-containers', kind: 'bool' },
    { long: 'all-pods', kind: 'bool' },
    { long: 'previous', short: 'p', kind: 'bool' },
    { long: 'selector', short: 'l', kind: 'string' },
    { long: 'prefix', kind: 'bool' },
    { long: 'timestamps', kind: 'bool' },
    { long: 'since', kind: 'string' },
    { long: 'since-time', kind: 'string' },
    { long: 'tail', kind: 'string' },
    { long: 'limit-bytes', kind: 'string' },
    { long: 'max-log-requests', kind: 'string' },
  ],
  { f: FOLLOW },
);

/** CONTRACT §4: logs without --tail or --since get this many lines. */
export const DEFAULT_TAIL = 500;
/** kubectl's own --tail with -l when none is given (the policy's 500 applies only without --since). */
const SELECTOR_TAIL = 10;
const MAX_TAIL = 100_000;
const MAX_LIMIT_BYTES = 1024 * 1024 * 1024;
const MAX_SINCE_SECONDS = 8760 * 3600;

// The kinds kubectl can take logs from (polymorphichelpers: a pod, or a controller's first pod).
const LOGGABLE = new Set([
  'pods.',
  'replicationcontrollers.',
  'services.',
  'replicasets.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'deployments.apps',
  'jobs.batch',
]);

const USAGE = 'logs needs a pod, TYPE/NAME or -l selector, e.g. "logs web-1" or "logs deploy/web"';

interface Bounds extends Pick<LogsRequest, 'sinceSeconds' | 'sinceTime' | 'limitBytes'> {
  /** --tail as the canonical argv writes it: as given, else DEFAULT_TAIL without --since*, else null. */
  tail: number | null;
}

/** --since, --since-time, --tail (defaulted) and --limit-bytes. */
function readBounds(f: Parameters<typeof readInt>[0]): Bounds | Denial {
  const rawSince = f.values.get('since');
  let sinceSeconds: number | null = null;
  if (rawSince !== undefined) {
    const seconds = parseDurationSeconds(rawSince);
    if (seconds === null || seconds < 1 || seconds > MAX_SINCE_SECONDS) {
      return invalid(
        'flag',
        `--since takes a duration from 1s to 8760h such as 5m or 1h30m, got ${showValue(rawSince)}`,
      );
    }
    sinceSeconds = seconds;
  }
  const sinceTime = f.values.get('since-time') ?? null;
  if (sinceTime !== null && !isRfc3339(sinceTime)) {
    return invalid(
      'flag',
      `--since-time takes an RFC 3339 time such as 2024-08-30T06:00:00Z, got ${showValue(sinceTime)}`,
    );
  }
  if (sinceSeconds !== null && sinceTime !== null) {
    return invalid('flag', 'use at most one of --since and --since-time');
  }
  const tail = readInt(f, 'tail', 0, MAX_TAIL, ' (-1, all lines, is not allowed)');
  if (isDenial(tail)) return tail;
  const limitBytes = readInt(f, 'limit-bytes', 0, MAX_LIMIT_BYTES);
  if (isDenial(limitBytes)) return limitBytes;
  // Only matters when following, which is never allowed: validated, then left out.
  const maxRequests = readInt(f, 'max-log-requests', 1, 100);
  if (isDenial(maxRequests)) return maxRequests;
  return {
    sinceSeconds,
    sinceTime,
    tail: tail ?? (sinceSeconds === null && sinceTime === null ? DEFAULT_TAIL : null),
    // 0 means no limit, as absent does.
    limitBytes: limitBytes === undefined || limitBytes === 0 ? null : limitBytes,
  };
}

type Resource = NonNullable<LogsRequest['resource']>;

/** The pod (`web-1`) or `TYPE/NAME` argument, canonical, and its target. */
function readTarget(ctx: Context, arg: string): { resource: Resource; target: Target } | Denial {
  if (arg.includes('/')) {
    const t = parseSlashTarget(ctx, arg);
    if (isDenial(t)) return t;
    const { resource, group } = t.match.resolved;
    if (!LOGGABLE.has(`${resource}.${group}`)) {
      return denied(
        'resource',
        `cannot take logs from ${show(t.spelling)}; name a pod, or a deployment, replicaset, statefulset, daemonset, job, service or replicationcontroller`,
      );
    }
    // A bare pod name is the canonical way to name a pod.
    const type = resource === 'pods' && group === '' ? null : t.spelling;
    return {
      resource: { type, name: t.name },
      target: { resource: t.match.resolved, name: t.name },
    };
  }
  const pods = resolveType(ctx, 'pods');
  if (isDenial(pods)) return pods;
  const match = pods.matches[0];
  if (!match) return invalid('resource', USAGE);
  const bad = checkName(match.entry, arg);
  if (bad) return bad;
  return { resource: { type: null, name: arg }, target: { resource: match.resolved, name: arg } };
}

/** The canonical argv, printed from the request and --tail as written (kubectl's -l default is not). */
function logsArgv(r: LogsRequest, tail: number | null): string[] {
  const argv = ['logs'];
  if (r.resource !== null) {
    const { type, name } = r.resource;
    argv.push(type === null ? name : `${type}/${name}`);
  }
  if (r.namespace !== null) argv.push('-n', r.namespace);
  if (r.labelSelector !== null) argv.push('-l', r.labelSelector);
  if (r.container !== null) argv.push('-c', r.container);
  if (r.allContainers) argv.push('--all-containers');
  if (r.allPods) argv.push('--all-pods');
  if (r.previous) argv.push('-p');
  if (r.prefix) argv.push('--prefix');
  if (r.timestamps) argv.push('--timestamps');
  if (r.sinceSeconds !== null) argv.push(`--since=${formatSeconds(r.sinceSeconds)}`);
  if (r.sinceTime !== null) argv.push(`--since-time=${r.sinceTime}`);
  if (tail !== null) argv.push(`--tail=${tail}`);
  if (r.limitBytes !== null) argv.push(`--limit-bytes=${r.limitBytes}`);
  return argv;
}

/** Evaluates the arguments after `logs`. */
export function evaluateLogs(ctx: Context, args: readonly string[]): VerbResult | Denial {
  const f = parseFlags(FLAGS, args);
  if (isDenial(f)) return f;
  const ns = readNamespace(f);
  if (isDenial(ns)) return ns;
  const label = readSelector(f, 'selector');
  if (isDenial(label)) return label;
  const [first, inlineContainer, ...extra] = f.positionals;
  if (extra.length > 0 || (first === undefined && label === null)) {
    return invalid('resource', USAGE);
  }
  if (first !== undefined && label !== null) {
    return invalid('flag', 'use either a pod (or TYPE/NAME) or a selector (-l), not both');
  }

  let target: Target;
  let resource: Resource | null = null;
  if (first === undefined) {
    const pods = resolveType(ctx, 'pods');
    if (isDenial(pods)) return pods;
    const match = pods.matches[0];
    if (!match) return invalid('resource', USAGE);
    target = { resource: match.resolved, name: null };
  } else {
    const t = readTarget(ctx, first);
    if (isDenial(t)) return t;
    ({ resource, target } = t);
    // Logs are read from pods whatever names them, so pods must be readable too.
    const pods = resolveType(ctx, 'pods');
    if (isDenial(pods)) return pods;
    const podMatch = pods.matches[0];
    const bad = podMatch ? checkMatch(ctx, podMatch) : null;
    if (bad) return bad;
  }

  const flagContainer = f.values.get('container');
  if (flagContainer !== undefined && inlineContainer !== undefined) {
    return invalid('flag', 'use either -c or a container argument, not both');
  }
  const container = flagContainer ?? inlineContainer;
  if (container !== undefined && !isDns1123Label(container)) {
    return invalid('flag', `container name ${showValue(container)} is not valid (DNS-1123 label)`);
  }
  const allContainers = readBool(f, 'all-containers') === true;
  if (allContainers && container !== undefined) {
    return invalid('flag', '--all-containers cannot be combined with a container name');
  }
  const bounds = readBounds(f);
  if (isDenial(bounds)) return bounds;

  const request: LogsRequest = {
    verb: 'logs',
    resource,
    namespace: ns.namespace ?? null,
    labelSelector: label,
    container: container ?? null,
    allContainers,
    allPods: readBool(f, 'all-pods') === true,
    previous: readBool(f, 'previous') === true,
    prefix: readBool(f, 'prefix') === true,
    timestamps: readBool(f, 'timestamps') === true,
    sinceSeconds: bounds.sinceSeconds,
    sinceTime: bounds.sinceTime,
    tailLines: bounds.tail ?? (label === null ? null : SELECTOR_TAIL),
    limitBytes: bounds.limitBytes,
  };
  return {
    argv: logsArgv(request, bounds.tail),
    request,
    subcommand: null,
    namespace: request.namespace,
    allNamespaces: false,
    targets: [target],
    readsObjects: true,
    namespaced: true,
  };
}
