// `logs`: one pod (or a controller's pod) or a label selector, bounded: never follow, default --tail=500.
import type { Context } from '../context.js';
import { checkMatch, resolveType } from '../context.js';
import { denied, invalid, show } from '../decision.js';
import type { Denial, Target } from '../decision.js';
import { isDns1123Label } from '../dns.js';
import { FOLLOW, flagSet, isDenial, parseFlags, showValue } from '../flags.js';
import { checkName, parseSlashTarget } from '../resources/args.js';
import { formatSeconds, isRfc3339, parseDurationSeconds } from '../values.js';
import type { VerbResult } from './common.js';
import { readBool, readInt, readNamespace, readSelector } from './common.js';

const FLAGS = flagSet(
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

interface Bounds {
  since: string | null;
  sinceTime: string | null;
  tail: number | undefined;
  limitBytes: number | undefined;
}

function readBounds(f: Parameters<typeof readInt>[0]): Bounds | Denial {
  const rawSince = f.values.get('since');
  let since: string | null = null;
  if (rawSince !== undefined) {
    const seconds = parseDurationSeconds(rawSince);
    if (seconds === null || seconds < 1 || seconds > MAX_SINCE_SECONDS) {
      return invalid(
        'flag',
        `--since takes a duration from 1s to 8760h such as 5m or 1h30m, got ${showValue(rawSince)}`,
      );
    }
    since = formatSeconds(seconds);
  }
  const sinceTime = f.values.get('since-time') ?? null;
  if (sinceTime !== null && !isRfc3339(sinceTime)) {
    return invalid(
      'flag',
      `--since-time takes an RFC 3339 time such as 2024-08-30T06:00:00Z, got ${showValue(sinceTime)}`,
    );
  }
  if (since !== null && sinceTime !== null) {
    return invalid('flag', 'use at most one of --since and --since-time');
  }
  const tail = readInt(f, 'tail', 0, MAX_TAIL, ' (-1, all lines, is not allowed)');
  if (isDenial(tail)) return tail;
  const limitBytes = readInt(f, 'limit-bytes', 0, MAX_LIMIT_BYTES);
  if (isDenial(limitBytes)) return limitBytes;
  // Only matters when following, which is never allowed: validated, then left out.
  const maxRequests = readInt(f, 'max-log-requests', 1, 100);
  if (isDenial(maxRequests)) return maxRequests;
  return { since, sinceTime, tail, limitBytes };
}

/** The pod (`web-1`) or `TYPE/NAME` argument, as a canonical word and a target. */
function readTarget(ctx: Context, arg: string): { word: string; target: Target } | Denial {
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
    const word = resource === 'pods' && group === '' ? t.name : `${t.spelling}/${t.name}`;
    return { word, target: { resource: t.match.resolved, name: t.name } };
  }
  const pods = resolveType(ctx, 'pods');
  if (isDenial(pods)) return pods;
  const match = pods.matches[0];
  if (!match) return invalid('resource', USAGE);
  const bad = checkName(match.entry, arg);
  if (bad) return bad;
  return { word: arg, target: { resource: match.resolved, name: arg } };
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
  if (extra.length > 0 || (first === undefined && label === '')) return invalid('resource', USAGE);
  if (first !== undefined && label !== '') {
    return invalid('flag', 'use either a pod (or TYPE/NAME) or a selector (-l), not both');
  }

  let target: Target;
  let word: string | null = null;
  if (first === undefined) {
    const pods = resolveType(ctx, 'pods');
    if (isDenial(pods)) return pods;
    const match = pods.matches[0];
    if (!match) return invalid('resource', USAGE);
    target = { resource: match.resolved, name: null };
  } else {
    const t = readTarget(ctx, first);
    if (isDenial(t)) return t;
    ({ word, target } = t);
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

  const argv = ['logs'];
  if (word !== null) argv.push(word);
  if (ns.namespace !== undefined) argv.push('-n', ns.namespace);
  if (label !== '') argv.push('-l', label);
  if (container !== undefined) argv.push('-c', container);
  if (allContainers) argv.push('--all-containers');
  if (readBool(f, 'all-pods') === true) argv.push('--all-pods');
  if (readBool(f, 'previous') === true) argv.push('-p');
  if (readBool(f, 'prefix') === true) argv.push('--prefix');
  if (readBool(f, 'timestamps') === true) argv.push('--timestamps');
  if (bounds.since !== null) argv.push(`--since=${bounds.since}`);
  if (bounds.sinceTime !== null) argv.push(`--since-time=${bounds.sinceTime}`);
  const tail =
    bounds.tail ?? (bounds.since === null && bounds.sinceTime === null ? DEFAULT_TAIL : undefined);
  if (tail !== undefined) argv.push(`--tail=${tail}`);
  if (bounds.limitBytes) argv.push(`--limit-bytes=${bounds.limitBytes}`);
  return {
    argv,
    subcommand: null,
    namespace: ns.namespace ?? null,
    allNamespaces: false,
    targets: [target],
    readsObjects: true,
    namespaced: true,
  };
}
