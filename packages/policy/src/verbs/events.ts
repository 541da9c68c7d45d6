// `events`: a namespace's (or every namespace's) events, optionally for one object and of given types.
import type { Context } from '../context.js';
import { resolveType } from '../context.js';
import { invalid } from '../decision.js';
import type { Denial } from '../decision.js';
import { flagSet, isDenial, parseFlags } from '../flags.js';
import type { EventsRequest, ObjectRef } from '../request.js';
import { parseSlashTarget } from '../resources/args.js';
import type { VerbResult } from './common.js';
import {
  namespaceWords,
  noPositionals,
  readBool,
  readNamespace,
  readOutput,
  requestNamespace,
} from './common.js';

/** `-o` for events: json, yaml, name, case-insensitively. */
export const EVENTS_OUTPUTS = { exact: [], lower: ['json', 'yaml', 'name'] } as const;

export const FLAGS = flagSet('events', [
  { long: 'namespace', short: 'n', kind: 'string' },
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'for', kind: 'string' },
  { long: 'types', kind: 'list' },
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'no-headers', kind: 'bool' },
]);

const TYPES = ['Normal', 'Warning'] as const;

/** The canonical argv, printed from the request. */
function eventsArgv(r: EventsRequest): string[] {
  const argv = ['events', ...namespaceWords(r)];
  if (r.for !== null) argv.push(`--for=${r.for.type}/${r.for.name}`);
  if (r.types.length > 0) argv.push(`--types=${r.types.join(',')}`);
  if (r.output !== 'table') argv.push('-o', r.output);
  if (r.noHeaders) argv.push('--no-headers');
  return argv;
}

/** Evaluates the arguments after `events`. */
export function evaluateEvents(ctx: Context, args: readonly string[]): VerbResult | Denial {
  const f = parseFlags(FLAGS, args);
  if (isDenial(f)) return f;
  const extra = noPositionals('events', f.positionals);
  if (extra) return extra;
  const ns = readNamespace(f);
  if (isDenial(ns)) return ns;
  const events = resolveType(ctx, 'events');
  if (isDenial(events)) return events;
  const match = events.matches[0];
  if (!match) return invalid('resource', 'events are not served by this cluster');

  const rawFor = f.values.get('for');
  let forObject: ObjectRef | null = null;
  if (rawFor !== undefined && rawFor !== '') {
    if (!rawFor.includes('/')) return invalid('flag', '--for must be in resource/name form');
    // kubectl lower-cases the type of --for before resolving it (`--for Pod/web` works).
    const t = parseSlashTarget(ctx, rawFor, { lowercase: true });
    if (isDenial(t)) return t;
    forObject = { type: t.spelling, name: t.name };
  }
  // kubectl compares types case-insensitively and sorts them: Normal, Warning.
  const wanted = new Set<EventsRequest['types'][number]>();
  for (const t of f.lists.get('types') ?? []) {
    const known = TYPES.find((k) => k.toLowerCase() === t.toLowerCase());
    if (!known) return invalid('flag', 'valid --types are Normal or Warning');
    wanted.add(known);
  }
  const output = readOutput(f, 'events', EVENTS_OUTPUTS);
  if (isDenial(output)) return output;

  const request: EventsRequest = {
    verb: 'events',
    ...requestNamespace(ns, true),
    for: forObject,
    types: TYPES.filter((t) => wanted.has(t)),
    output: output ?? 'table',
    noHeaders: readBool(f, 'no-headers') === true,
  };
  return {
    argv: eventsArgv(request),
    request,
    subcommand: null,
    namespace: request.namespace,
    allNamespaces: request.allNamespaces,
    targets: [{ resource: match.resolved, name: null }],
    readsObjects: true,
    namespaced: true,
  };
}
