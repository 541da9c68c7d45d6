// `rollout history` and `rollout status` (one check, never a watch); every other subcommand writes.
import type { Context } from '../context.js';
import { resolveType } from '../context.js';
import { denied, invalid, show, withFix } from '../decision.js';
import type { Denial } from '../decision.js';
import { flagSet, isDenial, parseFlags } from '../flags.js';
import type { RolloutRequest } from '../request.js';
import { checkName, parseSlashTarget } from '../resources/args.js';
import type { Match } from '../resources/table.js';
import type { VerbResult } from './common.js';
import { readInt, readNamespace } from './common.js';

export const HISTORY = flagSet('rollout history', [
  { long: 'namespace', short: 'n', kind: 'string' },
  { long: 'revision', kind: 'string' },
]);
export const STATUS = flagSet('rollout status', [
  { long: 'namespace', short: 'n', kind: 'string' },
  { long: 'revision', kind: 'string' },
  { long: 'watch', short: 'w', kind: 'bool', only: '--watch=false' },
]);

const WRITES = new Set(['restart', 'undo', 'pause', 'resume']);
const ROLLABLE = new Set(['deployments.apps', 'daemonsets.apps', 'statefulsets.apps']);
const USAGE = 'takes one object, as TYPE NAME or TYPE/NAME (e.g. deployment/web)';

/** TYPE NAME or TYPE/NAME, exactly one object. */
function readObject(
  ctx: Context,
  sub: string,
  positionals: readonly string[],
): { match: Match; spelling: string; name: string } | Denial {
  const [first, second, ...extra] = positionals;
  if (first === undefined || extra.length > 0)
    return invalid('resource', `rollout ${sub} ${USAGE}`);
  if (second === undefined) {
    if (!first.includes('/')) return invalid('resource', `rollout ${sub} ${USAGE}`);
    return parseSlashTarget(ctx, first);
  }
  if (first.includes('/') || second.includes('/') || first.includes(',')) {
    return invalid('resource', `rollout ${sub} ${USAGE}`);
  }
  const t = resolveType(ctx, first);
  if (isDenial(t)) return t;
  const match = t.matches[0];
  if (t.category || !match) return invalid('resource', `rollout ${sub} ${USAGE}`);
  const bad = checkName(match.entry, second);
  if (bad) return bad;
  return { match, spelling: t.spelling, name: second };
}

/** The canonical argv, printed from the request. */
function rolloutArgv(r: RolloutRequest): string[] {
  const argv = ['rollout', r.subcommand, `${r.resource.type}/${r.resource.name}`];
  if (r.namespace !== null) argv.push('-n', r.namespace);
  if (r.revision !== 0) argv.push(`--revision=${r.revision}`);
  // kubectl watches by default; a single check is forced.
  if (r.subcommand === 'status') argv.push('--watch=false');
  return argv;
}

/** Evaluates the arguments after `rollout`; the first must be `history` or `status`. */
export function evaluateRollout(ctx: Context, args: readonly string[]): VerbResult | Denial {
  const [sub, ...rest] = args;
  if (sub !== undefined && WRITES.has(sub)) {
    return denied(
      'verb',
      `verb "rollout ${sub}" is not allowed (read-only: rollout history, rollout status)`,
      true,
    );
  }
  if (sub !== 'history' && sub !== 'status') {
    const found = sub === undefined ? '' : ` (found ${show(sub)})`;
    return invalid(
      'verb',
      `rollout needs a subcommand: "rollout history" or "rollout status"${found}`,
    );
  }
  const f = parseFlags(sub === 'history' ? HISTORY : STATUS, rest);
  if (isDenial(f)) return f;
  const obj = readObject(ctx, sub, f.positionals);
  if (isDenial(obj)) return obj;
  const { resource, group } = obj.match.resolved;
  if (!ROLLABLE.has(`${resource}.${group}`)) {
    return denied(
      'resource',
      `rollout ${sub} works on deployments, daemonsets and statefulsets, not ${show(obj.spelling)}`,
    );
  }
  const ns = readNamespace(f);
  if (isDenial(ns)) return ns;
  const revision = readInt(f, 'revision', 0, 2_147_483_647);
  if (isDenial(revision)) return revision;
  if (f.values.get('watch') === 'true') {
    return withFix(
      denied(
        'flag',
        'flag "-w/--watch" is not allowed for rollout status: watching is not allowed (one read per command)',
      ),
      {
        type: 'drop',
        long: 'watch',
        shown: '--watch',
        text: 'run it without --watch; Porthole returns one snapshot',
      },
    );
  }
  const request: RolloutRequest = {
    verb: 'rollout',
    subcommand: sub,
    resource: { type: obj.spelling, name: obj.name },
    namespace: ns.namespace ?? null,
    revision: revision ?? 0,
  };
  return {
    argv: rolloutArgv(request),
    request,
    subcommand: sub,
    namespace: request.namespace,
    allNamespaces: false,
    targets: [{ resource: obj.match.resolved, name: obj.name }],
    readsObjects: true,
    namespaced: true,
  };
}
